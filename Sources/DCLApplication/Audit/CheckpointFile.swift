import DCLDomain
import Foundation

/// A signed checkpoint as a file an auditor keeps away from the ledger (printed, committed to git,
/// published). The same content is recorded in the ledger as `AuditCheckpointRecorded`.
///
/// ```json
/// {"format": "dcl-audit-checkpoint/1", "statement": "{…canonical JSON…}", "signature": "base64",
///  "publicKey": "base64 (raw 32 bytes)", "publicKeyPEM": "-----BEGIN PUBLIC KEY-----…"}
/// ```
///
/// ```swift
/// let file = CheckpointFile(event: recorded)
/// try file.write(to: "checkpoint.json")
/// let back = try CheckpointFile(contentsOf: "checkpoint.json")
/// ```
public struct CheckpointFile: Sendable, Hashable, Codable {
    public var format: String
    /// The statement's canonical text: exactly the bytes that were signed (`jq -j .statement`).
    public var statement: String
    public var signature: String
    public var publicKey: String
    public var publicKeyPEM: String

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(event: AuditCheckpointRecorded) {
        format = CheckpointStatement.format
        statement = event.statement
        signature = event.signature
        publicKey = event.publicKey
        publicKeyPEM = Data(base64Encoded: event.publicKey).map { CheckpointKey.publicKeyPEM(raw: Array($0)) } ?? ""
    }

    public var event: AuditCheckpointRecorded {
        AuditCheckpointRecorded(statement: statement, signature: signature, publicKey: publicKey)
    }

    public init(contentsOf path: String) throws(Failure) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Failure(description: "cannot read checkpoint file '\(path)': \(error.localizedDescription)")
        }
        do { self = try JSONDecoder().decode(CheckpointFile.self, from: data) } catch {
            throw Failure(description: "'\(path)' is not a dcl checkpoint file (JSON with format, statement, signature, publicKey)")
        }
        guard format == CheckpointStatement.format else {
            throw Failure(description: "'\(path)' has format '\(format)'; this dcl reads \(CheckpointStatement.format)")
        }
    }

    /// Pretty JSON; refuses to overwrite a file (a checkpoint is evidence).
    public func write(to path: String) throws(Failure) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { throw Failure(description: "cannot encode the checkpoint") }
        if FileManager.default.fileExists(atPath: path) { throw Failure(description: "'\(path)' already exists; a checkpoint is never overwritten") }
        guard FileManager.default.createFile(atPath: path, contents: data + Data("\n".utf8)) else {
            throw Failure(description: "cannot write checkpoint file '\(path)'")
        }
    }
}
