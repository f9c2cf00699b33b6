import ArgumentParser
import DCLApplication
import DCLDomain
import DCLProjections
import Foundation

/// Where the read models live, and how fresh a read must be.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The read-model store (default: $DCL_STORE, else .dcl/readmodels.db).", valueName: "path"))
    var store: String?

    @Flag(help: "Answer from the read models as they are, without first catching up with the ledger.")
    var staleOk = false

    @Option(help: ArgumentHelp("Answer as the ledger stood at this record time (ISO 8601), from a temporary rebuild.", valueName: "time"))
    var asOf: String?

    @Option(help: ArgumentHelp("Answer as the ledger stood at this log position, from a temporary rebuild.", valueName: "n"))
    var toPosition: Int64?

    var path: String {
        get throws { try FileLocation.resolve(flag: "--store", value: store, environment: "DCL_STORE", default: ".dcl/readmodels.db") }
    }

    func limit() throws -> ProjectionLimit {
        if let toPosition, toPosition < 0 { throw CLIError.badInput("--to-position must be 0 or more") }
        return ProjectionLimit(toPosition: toPosition, asOf: try asOf.map { try Output.parseTime($0, option: "--as-of") })
    }

    /// Opens read models that answer for the ledger: caught up (read-your-writes) unless
    /// `--stale-ok`, or rebuilt in a temporary store for `--as-of` / `--to-position`.
    func openReadModels(ledger: LedgerOptions) async throws -> ReadModels {
        let limit = try limit()
        if limit.isLimited {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dcl-replay-\(UUID().uuidString)")
            let store = try OpenFiles.readModels(folder.appendingPathComponent("readmodels.db").path)
            if let service = try ledger.openForReading() {
                try await Projector(log: service.log, store: store, limit: limit).catchUp()
            }
            return ReadModels(store: store, temporaryFolder: folder)
        }
        let store = try OpenFiles.readModels(try path)
        if staleOk, let cutoff = try await store.replayCutoff() {
            StandardStreams.writeError("dcl: answering from an audit replay frozen at its cutoff (\(cutoff))\n")
        }
        if !staleOk, let service = try ledger.openForReading() {
            try await Projector(log: service.log, store: store).catchUp()
        }
        return ReadModels(store: store, temporaryFolder: nil)
    }
}

/// An open read-model store; a temporary replay store is removed by `close()`.
struct ReadModels {
    let store: ReadModelStore
    let temporaryFolder: URL?

    func close() {
        if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) }
    }
}

/// Runs a read against the read models, mapping failures to exit codes and cleaning up replays.
func withReadModels<T>(_ options: StoreOptions, _ ledger: LedgerOptions, _ body: (ReadModelStore) async throws -> T) async throws -> T {
    try await withExitCodes {
        let models = try await options.openReadModels(ledger: ledger)
        defer { models.close() }
        return try await body(models.store)
    }
}
