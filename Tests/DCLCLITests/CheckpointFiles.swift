import DCLApplication
import DCLDomain
import Foundation
import Testing

/// Checkpoint files as the audit tests read and make them.
enum CheckpointFiles {
    /// The statement a checkpoint file holds, as JSON members.
    static func statement(of file: String, _ cli: CLIHarness) throws -> [String: Any] {
        let event = try CheckpointFile(contentsOf: cli.path(file)).event
        return try #require(try JSONSerialization.jsonObject(with: Data(event.statement.utf8)) as? [String: Any])
    }

    /// Signs `members` with the auditor's key (`keys/audit.pem`) into a checkpoint file: what a
    /// checkpoint taken on another state of the ledger, or by an older dcl, would have said.
    static func sign(_ members: [String: Any], as file: String, _ cli: CLIHarness) throws {
        let text = try JSONSerialization.data(withJSONObject: members, options: [.sortedKeys])
        let statement = try CheckpointStatement(canonicalText: String(decoding: text, as: UTF8.self)).canonicalText
        let key = try CheckpointKey(contentsOf: cli.path("keys/audit.pem"))
        let signature = try key.sign(Array(statement.utf8))
        let event = AuditCheckpointRecorded(statement: statement, signature: Data(signature).base64EncodedString(), publicKey: key.publicKeyBase64)
        try CheckpointFile(event: event).write(to: cli.path(file))
    }

    /// `dcl audit verify --json`'s report.
    static func report(_ result: CLIHarness.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
    }
}
