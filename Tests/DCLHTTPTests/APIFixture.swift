import DCLApplication
import DCLDomain
import DCLHTTP
import DCLProjections
import DCLSQLite
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import ServiceLifecycle

/// A real SQLite ledger and read-model store in a temporary folder, served by the API's router.
final class APIFixture: Sendable {
    let folder: URL
    let log: SQLiteEventLog
    let store: ReadModelStore
    let ports: LedgerPorts

    /// Whether this fixture removes the folder when it goes (a reopened one shares its original's).
    private let ownsFolder: Bool

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = try SQLiteEventLog(path: folder.appendingPathComponent("ledger.db").path)
        store = try ReadModelStore(path: folder.appendingPathComponent("readmodels.db").path)
        ports = LedgerPorts(commands: LedgerService(log: log), reads: ProjectedReadSide(log: log, store: store), defaultActor: "api-test",
                            access: .open)
        ownsFolder = true
    }

    private init(folder: URL, log: SQLiteEventLog, store: ReadModelStore) {
        self.folder = folder
        self.log = log
        self.store = store
        ports = LedgerPorts(commands: LedgerService(log: log), reads: ProjectedReadSide(log: log, store: store), defaultActor: "api-test",
                            access: .open)
        ownsFolder = false
    }

    /// The same ledger with a new, empty read-model store (rebuilt from the log on first read).
    static func reopen(_ original: APIFixture, storeName: String) throws -> APIFixture {
        APIFixture(folder: original.folder, log: original.log, store: try ReadModelStore(path: original.folder.appendingPathComponent(storeName).path))
    }

    deinit {
        try? store.close()
        guard ownsFolder else { return }
        try? log.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `body` with a client of a live server (the API on a free loopback port), then shuts the
    /// server down gracefully.
    func test(ports: LedgerPorts? = nil, _ body: @Sendable (LiveClient) async throws -> Void) async throws {
        let (ports, logger) = (ports ?? self.ports, Logger(label: "dcl.http.test"))
        let (bound, announce) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(ports: ports, host: "127.0.0.1", port: 0, logger: logger) { port in announce.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = bound.makeAsyncIterator()
            guard let port = await ports.next() else { throw FixtureError("the server did not start") }
            do {
                try await body(LiveClient(port: port))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// `channel`: adds an optional field; `requiredChannel`: adds a required one; `removeAmount`: drops
    /// the required `amount`, which readers of the old version need (breaking under the default,
    /// consumer-first FORWARD_TRANSITIVE).
    static func orders(version: String = "1.0.0", channel: Bool = false, requiredChannel: Bool = false, removeAmount: Bool = false,
                       id: String = "sales.orders",
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
        if channel || requiredChannel {
            properties += """
                  - name: channel
                    logicalType: string
                    required: \(requiredChannel)

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

/// A response as the tests read it.
struct TestReply: Sendable {
    var status: HTTPResponse.Status
    var contentType: String?
    var requestID: String?
    var text: String
    /// `X-Total-Count`, which a paged answer carries.
    var totalCount: String? = nil

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

/// Talks HTTP to the live server with URLSession.
struct LiveClient: Sendable {
    let port: Int

    func execute(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) async throws -> TestReply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8) }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw FixtureError("not an HTTP response") }
        return TestReply(status: HTTPResponse.Status(code: http.statusCode), contentType: http.value(forHTTPHeaderField: "Content-Type"),
                         requestID: http.value(forHTTPHeaderField: "X-Request-Id"), text: String(decoding: data, as: UTF8.self),
                         totalCount: http.value(forHTTPHeaderField: "X-Total-Count"))
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> TestReply {
        try await execute("GET", path, headers: headers)
    }

    func post(_ path: String, _ body: String, headers: [String: String] = [:]) async throws -> TestReply {
        try await execute("POST", path, body: body, headers: headers)
    }

    func put(_ path: String, _ body: String) async throws -> TestReply {
        try await execute("PUT", path, body: body)
    }
}
