import DCLApplication
import DCLDomain
import DCLEventLog
import Foundation

/// The checkpoint part of `dcl audit verify`: load the checkpoint (a file, else the latest one
/// recorded in the ledger), check its signature and the trusted key, compare the heads.
///
/// ```swift
/// if let anchored = try CheckpointCheck.run(file: "cp.json", publicKey: nil, events: events) { print(anchored.report.findings) }
/// ```
enum CheckpointCheck {
    struct Outcome {
        var source: String
        var report: CheckpointVerifier.Report
    }

    /// Nil when no file is given and the ledger has no recorded checkpoint.
    static func run(file: String?, publicKey: String?, events: [StoredEvent]) throws -> Outcome? {
        let trusted = try trustedKey(publicKey ?? ProcessInfo.processInfo.environment["DCL_AUDIT_PUBLIC_KEY"])
        let checkpoint: AuditCheckpointRecorded
        let source: String
        if let file {
            do { checkpoint = try CheckpointFile(contentsOf: file).event } catch { throw CLIError.badInput(error.description) }
            source = "file \(file)"
        } else {
            guard let latest = events.last(where: { $0.envelope.stream == AuditCheckpointRecorded.stream }) else { return nil }
            guard case .auditCheckpointRecorded(let recorded) = try EventCodec.recorded(latest).event else {
                throw CLIError.rejected("\(latest.envelope.stream)#\(latest.envelope.sequence) is not a checkpoint")
            }
            checkpoint = recorded
            source = "the checkpoint recorded at \(latest.envelope.stream)#\(latest.envelope.sequence)"
        }
        return Outcome(source: source, report: CheckpointVerifier.verify(checkpoint, against: events, trusting: trusted))
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
