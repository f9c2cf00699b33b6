import ArgumentParser
import DCLApplication
import DCLDomain
import DCLEventLog
import Foundation

struct AuditKeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create the Ed25519 key that signs audit checkpoints.",
        discussion: """
        Writes the private key (PEM, mode 0600) to --out and the public key to <out>.pub. Keep the \
        private key outside the ledger's folder, readable only by whoever signs checkpoints; give the \
        public key to auditors.

        Examples:
          dcl audit keygen --out ~/.dcl-audit.pem
        """)

    @Option(help: ArgumentHelp("Where to write the private key (must not exist).", valueName: "path")) var out: String

    func run() async throws {
        try await withExitCodes {
            let path = try FileLocation.check(out, source: "--out")
            let key = CheckpointKey.generate()
            do { try key.write(to: path) } catch { throw CLIError.badInput("\(error)") }
            print("wrote private key \(path) and public key \(path).pub (fingerprint \(CheckpointFingerprint.of(Array(Data(base64Encoded: key.publicKeyBase64) ?? Data()))))")
        }
    }
}

struct AuditCheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign a statement of every stream's head and the event count; record it and write it to a file.",
        discussion: """
        A hash chain shows an altered or removed event inside a stream, but not a deleted tail. A \
        checkpoint does: it names the log's end when taken (every partition's offset on Kafka) and \
        every stream's head then. It is recorded in the ledger (in parts past --part-bytes) and \
        written to a file: `dcl audit verify` compares the ledger with the latest recorded checkpoint, \
        or with a file you kept elsewhere (--checkpoint FILE). Keep the file away from the ledger: \
        print it, commit it to git, publish it. See docs/security.md for checking it with openssl.

        Examples:
          dcl audit checkpoint --key ~/.dcl-audit.pem --out checkpoint-2026-12-01.json
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: ArgumentHelp("The private key (default: $DCL_AUDIT_KEY); create one with `dcl audit keygen`.", valueName: "path"))
    var key: String?
    @Option(help: ArgumentHelp("The checkpoint file to write (default: dcl-checkpoint-<time>.json here; never overwritten).", valueName: "path"))
    var out: String?
    @Option(help: ArgumentHelp("The largest statement recorded in one event, in bytes (default 262144). A checkpoint lists every stream, about 130 bytes each; a larger one is recorded in parts, each signed (a Kafka broker refuses a record over message.max.bytes, 1 MB by default). The file always holds the whole statement.",
                               valueName: "bytes"))
    var partBytes = CheckpointStatement.defaultPartBytes

    func validate() throws {
        if partBytes < 256 { throw ValidationError("--part-bytes must be at least 256") }
    }

    func run() async throws {
        try await withExitCodes {
            guard let keyPath = key ?? ProcessInfo.processInfo.environment["DCL_AUDIT_KEY"], !keyPath.isEmpty else {
                throw CLIError.badInput("give the signing key with --key PATH or DCL_AUDIT_KEY (create one with `dcl audit keygen --out PATH`)")
            }
            let signingKey: CheckpointKey
            do { signingKey = try CheckpointKey(contentsOf: keyPath) } catch { throw CLIError.badInput("\(error)") }
            if !ledger.kafka.isSpecified, try sameFolder(keyPath, try ledger.path) {
                throw CLIError.badInput("the key '\(keyPath)' is in the ledger's folder; keep it elsewhere (anyone who can change the ledger must not be able to sign)")
            }
            let now = LedgerService.systemNow()
            let output = try FileLocation.check(out ?? "dcl-checkpoint-\(Self.compact(now)).json", source: "--out")
            if FileManager.default.fileExists(atPath: output) { throw CLIError.badInput("\(output) already exists; a checkpoint is never overwritten") }
            guard let service = try ledger.openForReading() else { throw CLIError.badInput("no ledger at \(ledger.description)") }
            // Every partition up to the end it has now, a batch at a time: the statement names
            // that end, so a later audit reads exactly these records again, on any log.
            var builder = CheckpointStatement.Builder()
            let end: LogCursor
            do {
                end = try await service.log.endCursor()
                try await service.log.forEachBatch(upTo: end) { batch in for stored in batch { builder.add(stored) } }
            } catch { throw CLIError.from(error) }
            let statement = builder.statement(createdAt: now, end: end)
            // The file holds the whole statement, signed once; the ledger records it in parts
            // when it is too large for one event, each part signed on its own.
            func signed(_ statement: CheckpointStatement) throws -> AuditCheckpointRecorded {
                let text = statement.canonicalText
                let signature: [UInt8]
                do { signature = try signingKey.sign(Array(text.utf8)) } catch { throw CLIError.badInput("\(error)") }
                return AuditCheckpointRecorded(statement: text, signature: Data(signature).base64EncodedString(), publicKey: signingKey.publicKeyBase64)
            }
            let event = try signed(statement)
            let parts = try statement.split(maxBytes: partBytes).map(signed)
            let outcome = try await ledger.openService().execute(parts.map { .recordAuditCheckpoint($0) }, actor: try actor.resolved())
            do { try CheckpointFile(event: event).write(to: output) } catch { throw CLIError.badInput("\(error)") }
            var recorded = ""
            if let first = outcome.recorded.first, let last = outcome.recorded.last {
                recorded = " recorded as \(first.envelope.stream)#\(first.envelope.sequence)"
                    + (parts.count > 1 ? "…#\(last.envelope.sequence) (\(parts.count) parts)" : "") + ";"
            }
            print("checkpoint of \(statement.eventCount) events in \(statement.heads.count) streams (up to \(statement.endDescription))"
                  + "\(recorded) written to \(output); keep a copy away from the ledger")
        }
    }

    private func sameFolder(_ a: String, _ b: String) throws -> Bool {
        func folder(_ path: String) -> String { URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().path }
        return folder(a) == folder(b)
    }

    private static func compact(_ time: Timestamp) -> String {
        time.iso8601.filter { $0.isNumber || $0 == "T" || $0 == "Z" }
    }
}
