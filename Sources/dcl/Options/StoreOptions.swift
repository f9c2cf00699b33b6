import ArgumentParser
import DCLApplication
import DCLDomain
import DCLPostgres
import DCLProjections
import Foundation

/// Where the read models live, and how fresh a read must be.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The read-model store: a SQLite file, or postgres://USER@HOST:PORT/DB (default: $DCL_STORE, else .dcl/readmodels.db).", valueName: "path|url"))
    var store: String?

    @Flag(help: "Answer from the read models as they are, without first catching up with the ledger.")
    var staleOk = false

    @Option(help: ArgumentHelp("Answer as the ledger stood at this record time (ISO 8601): up to the last event recorded by then.", valueName: "time"))
    var asOf: String?

    @Option(help: ArgumentHelp("Answer as the ledger stood at this log position.", valueName: "n"))
    var toPosition: Int64?

    var path: String {
        get throws { try FileLocation.resolve(flag: "--store", value: store, environment: "DCL_STORE", default: StoreOptions.defaultPath) }
    }

    static let defaultPath = ".dcl/readmodels.db"

    /// The store a read uses. The default store may sit in a folder this user cannot write (a
    /// ledger on read-only media, another user's folder): a read then keeps its read models in a
    /// store of its own under the temporary folder, one per user and ledger, rather than fail.
    /// A store named with --store or $DCL_STORE is always used as named.
    func readPath(ledger: LedgerOptions) throws -> String {
        let chosen = try path
        guard !PostgresStoreURL.isPostgres(chosen), store == nil, ProcessInfo.processInfo.environment["DCL_STORE"].map({ $0.isEmpty }) ?? true,
              !StoreOptions.isWritable(chosen) else { return chosen }
        let ledgerName = URL(fileURLWithPath: ledger.description).standardizedFileURL.path
        let key = ledgerName.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        return FileManager.default.temporaryDirectory
            .appendingPathComponent("dcl-readmodels-\(getuid())")
            .appendingPathComponent(String(key, radix: 16) + ".db").path
    }

    /// Whether this process can write the store (or create it and its folder).
    static func isWritable(_ path: String) -> Bool {
        var candidate = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: candidate.path) { return access(candidate.path, W_OK) == 0 }
        while !FileManager.default.fileExists(atPath: candidate.deletingLastPathComponent().path), candidate.pathComponents.count > 1 {
            candidate = candidate.deletingLastPathComponent()
        }
        return access(candidate.deletingLastPathComponent().path, W_OK) == 0
    }

    func limit() throws -> ProjectionLimit {
        if let toPosition, toPosition < 0 { throw CLIError.badInput("--to-position must be 0 or more") }
        return ProjectionLimit(toPosition: toPosition, asOf: try asOf.map { try Output.parseTime($0, option: "--as-of") })
    }

    /// Opens read models that answer for the ledger: caught up (read-your-writes) unless
    /// `--stale-ok`, and seen as they stood at `--as-of` / `--to-position` when given (a query on
    /// the same store, see `ReadModelView`).
    func openReadModels(ledger: LedgerOptions) async throws -> ReadModels {
        let limit = try limit()
        let storePath = try readPath(ledger: ledger)
        let opened = try ledger.openForReading()
        let store: any ReadModelStoring
        if let opened, !staleOk {
            store = try await OpenFiles.caughtUpReadModels(storePath, log: opened.log)
        } else {
            store = try await OpenFiles.readModels(storePath)
        }
        if staleOk, let cutoff = try await store.replayCutoff() {
            StandardStreams.writeError("dcl: answering from an audit replay frozen at its cutoff (\(cutoff))\n")
        }
        guard let service = opened else {
            // No ledger there: the answer is an empty one, never another ledger's store.
            if try await store.position() > 0 {
                let source = try await store.ledgerIdentity()?.description ?? "another ledger"
                throw CLIError.badInput("there is no ledger at \(ledger.description), but the read-model store '\(storePath)' was "
                    + "built from one (\(source)); name the ledger with --ledger, or choose another --store")
            }
            return ReadModels(store: store, queries: store.queries(atPosition: 0))
        }
        if staleOk {
            try await store.checkBelongs(to: service.log)
        }
        if let asOf = limit.asOf {
            return ReadModels(store: store, queries: try await store.queries(asOf: asOf, notAfter: limit.toPosition))
        }
        if let toPosition = limit.toPosition {
            return ReadModels(store: store, queries: store.queries(atPosition: toPosition))
        }
        return ReadModels(store: store, queries: store)
    }
}

/// An open read-model store and the queries that answer a read (the store itself, or a view
/// of it as it stood at an earlier position).
struct ReadModels {
    let store: any ReadModelStoring
    let queries: any LedgerQueries
}

/// Runs a read against the read models, mapping failures to exit codes.
func withReadModels<T>(_ options: StoreOptions, _ ledger: LedgerOptions, _ body: (any LedgerQueries) async throws -> T) async throws -> T {
    try await withExitCodes {
        let models = try await options.openReadModels(ledger: ledger)
        return try await body(models.queries)
    }
}
