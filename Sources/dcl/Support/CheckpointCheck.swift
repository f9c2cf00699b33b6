import DCLApplication
import DCLDomain
import DCLEventLog
import Foundation

/// The checkpoint part of `dcl audit verify`: load the checkpoint (a file, else the latest one
/// recorded in the ledger), check its signature and the trusted key, compare the heads.
///
/// ```swift
/// var pending = try await CheckpointCheck.prepare(file: "cp.json", publicKey: nil, log: log)
/// _ = try await AuditVerifier.verify(log, checkpointEnd: pending?.check.end, visitAll: true) { pending?.check.add($0, beforeEnd: $1) }
/// print(pending?.outcome.report.findings ?? [])
/// ```
enum CheckpointCheck {
    struct Outcome {
        var source: String
        var report: CheckpointVerifier.Report
    }

    /// A checkpoint loaded and its signature checked, ready to compare with the log's events as
    /// `AuditVerifier` reads them.
    struct Pending {
        var source: String
        var check: CheckpointVerifier.Check

        var outcome: Outcome { Outcome(source: source, report: check.report) }
    }

    /// Nil when no file is given and the ledger has no recorded checkpoint. The latest recorded
    /// one is read from its own stream, not found by reading the whole log.
    static func prepare(file: String?, publicKey: String?, log: some EventLog) async throws -> Pending? {
        let trusted = try trustedKey(publicKey ?? ProcessInfo.processInfo.environment["DCL_AUDIT_PUBLIC_KEY"])
        let checkpoints: [AuditCheckpointRecorded]
        let source: String
        if let file {
            do { checkpoints = [try CheckpointFile(contentsOf: file).event] } catch { throw CLIError.badInput(error.description) }
            source = "file \(file)"
        } else {
            let recorded: [StoredEvent]
            do { recorded = try await log.readStream(AuditCheckpointRecorded.stream) } catch { throw CLIError.from(error) }
            guard let latest = recorded.last else { return nil }
            // A checkpoint of many streams is recorded in parts, appended together: the latest
            // one's part count says how many of the last events are its parts.
            let count = (try? CheckpointStatement(canonicalText: try Self.checkpoint(latest).statement))?.parts ?? 1
            let parts = recorded.suffix(count)
            checkpoints = try parts.map(Self.checkpoint)
            let first = parts.first ?? latest
            source = "the checkpoint recorded at \(latest.envelope.stream)#\(first.envelope.sequence)"
                + (parts.count > 1 ? "…#\(latest.envelope.sequence)" : "")
        }
        let end: LogCursor
        do { end = try await log.endCursor() } catch { throw CLIError.from(error) }
        return Pending(source: source, check: CheckpointVerifier.Check(parts: checkpoints, trusting: trusted, logEnd: end))
    }

    private static func checkpoint(_ stored: StoredEvent) throws -> AuditCheckpointRecorded {
        guard case .auditCheckpointRecorded(let event) = try EventCodec.recorded(stored).event else {
            throw CLIError.rejected("\(stored.envelope.stream)#\(stored.envelope.sequence) is not a checkpoint")
        }
        return event
    }

    private static func trustedKey(_ path: String?) throws -> [UInt8]? {
        guard let path, !path.isEmpty else { return nil }
        let text = try InputFile.readText(path, maxBytes: 64 * 1024)
        guard let raw = CheckpointKey.publicKeyRaw(fromPEM: text) else {
            throw CLIError.badInput("\(path): is not an Ed25519 public key in PEM form (BEGIN PUBLIC KEY)")
        }
        return raw
    }
}
