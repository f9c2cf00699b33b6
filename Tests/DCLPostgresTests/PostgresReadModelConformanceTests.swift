import DCLPostgres
import DCLProjections
import DCLReadModelConformance
import DCLTestSupport
import Foundation
import Testing

/// The shared read-model conformance suite, run against a real PostgreSQL server: each store a
/// check opens by name is a database of its own (opened again by the same name, the same database).
@Suite("PostgreSQL read-model store conformance", .serialized)
struct PostgresReadModelConformanceTests {
    @Test(arguments: ReadModelConformance.checks)
    func conformance(_ check: ReadModelConformance.Check) async throws {
        let databases = Databases()
        try await check.run { name in try await PostgresReadModelStore(url: try databases.url(for: name)) }
    }

    /// A database per store name, created on first use.
    final class Databases: @unchecked Sendable {
        // @unchecked: `urls` is only read or written while holding `lock`.
        private let lock = NSLock()
        private var urls: [String: String] = [:]

        func url(for name: String) throws -> String {
            try lock.withLock {
                if let url = urls[name] { return url }
                let url = try PostgresTestServer.shared().createDatabase()
                urls[name] = url
                return url
            }
        }
    }
}
