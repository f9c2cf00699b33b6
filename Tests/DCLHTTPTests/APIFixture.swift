import DCLApplication
import DCLDomain
import DCLHTTP
import DCLProjections
import DCLSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A real SQLite ledger and read-model store in a temporary folder, served by the API's router.
final class APIFixture: Sendable {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-http-\(UUID().uuidString)")
    let log: SQLiteEventLog
    let store: ReadModelStore
    let ports: LedgerPorts

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = try SQLiteEventLog(path: folder.appendingPathComponent("ledger.db").path)
        store = try ReadModelStore(path: folder.appendingPathComponent("readmodels.db").path)
        ports = LedgerPorts(commands: LedgerService(log: log), reads: ProjectedReadSide(log: log, store: store), defaultActor: "api-test")
    }

    deinit {
        try? store.close()
        try? log.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `body` with a client of the router (in process, no socket).
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: buildRouter(ports: ports))
        try await app.test(.router, body)
    }

    static func orders(version: String = "1.0.0", channel: Bool = false, removeAmount: Bool = false, id: String = "sales.orders",
                       domain: String = "sales", description: String = "Every order") -> String {
        var properties = """
              - name: order_id
                logicalType: string
                required: true
                primaryKey: true
                quality:
                  - name: unique_order_id
                    metric: duplicateValues
                    mustBe: 0

        """
        if !removeAmount {
            properties += """
                  - name: amount
                    logicalType: number
                    physicalType: decimal(12,2)
                    required: true

            """
        }
        if channel {
            properties += """
                  - name: channel
                    logicalType: string

            """
        }
        return """
        apiVersion: v3.1.0
        kind: DataContract
        id: \(id)
        name: Orders
        version: \(version)
        status: active
        domain: \(domain)
        dataProduct: \(id.split(separator: ".").last!)
        description:
          purpose: \(description)
        tags: [\(domain), orders]
        team:
          members:
            - username: \(domain)-de@company.com
              role: owner
        schema:
          - name: orders
            properties:
        \(properties)
        """
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    func object() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else { throw FixtureError("not a JSON object: \(text)") }
        return object
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension TestClientProtocol {
    func post(_ uri: String, _ body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
}
