import DCLDomain
import DCLEventLog
import Foundation

/// Compares a ledger with a signed checkpoint: what the hash chain alone cannot show — a stream
/// whose last events were deleted, a contract whose only event was, history inserted or reordered
/// before the checkpoint — is named here, stream and sequence.
///
/// ```swift
/// let report = CheckpointVerifier.verify(event, against: try await log.readAll(), trusting: nil)
/// report.findings.first?.description   // "lifecycle/sales.orders: #3 is missing (…)"
/// ```
public enum CheckpointVerifier {
    public struct Finding: Sendable, Hashable, CustomStringConvertible {
        public var stream: StreamID?
        /// The first sequence missing or differing, when one stream is concerned.
        public var sequence: Int64?
        public var problem: String

        public var description: String {
            guard let stream else { return problem }
            return "\(stream)\(sequence.map { " #\($0)" } ?? ""): \(problem)"
        }
    }

    public struct Report: Sendable, Hashable {
        public var statement: CheckpointStatement?
        /// Hex SHA-256 prefix of the public key, to compare with the key the auditor trusts.
        public var keyFingerprint: String
        public var findings: [Finding]
        public var isIntact: Bool { findings.isEmpty }
    }

    /// Checks the signature (and, with `trustedKey`, that the checkpoint was signed by that key),
    /// then every head of the statement against `events`.
    public static func verify(_ checkpoint: AuditCheckpointRecorded, against events: [StoredEvent], trusting trustedKey: [UInt8]?) -> Report {
        let rawKey = Data(base64Encoded: checkpoint.publicKey).map(Array.init) ?? []
        let fingerprint = CheckpointFingerprint.of(rawKey)
        func failed(_ problem: String) -> Report {
            Report(statement: nil, keyFingerprint: fingerprint, findings: [Finding(stream: nil, sequence: nil, problem: problem)])
        }
        if let trustedKey, trustedKey != rawKey {
            return failed("the checkpoint was signed by key \(fingerprint), not by the trusted key \(CheckpointFingerprint.of(trustedKey))")
        }
        guard let signature = Data(base64Encoded: checkpoint.signature).map(Array.init),
              CheckpointKey.isValidSignature(signature, of: Array(checkpoint.statement.utf8), publicKey: rawKey) else {
            return failed("the checkpoint's signature does not verify: the statement was altered or not signed by its key")
        }
        let statement: CheckpointStatement
        do { statement = try CheckpointStatement(canonicalText: checkpoint.statement) } catch { return failed(error.description) }
        return Report(statement: statement, keyFingerprint: fingerprint, findings: compare(statement, with: events))
    }

    /// Every difference between the statement and the events, streams in order.
    public static func compare(_ statement: CheckpointStatement, with events: [StoredEvent]) -> [Finding] {
        var byStream: [StreamID: [Int64: [String]]] = [:]
        var countBefore = 0
        var streamsBefore = Set<StreamID>()
        for stored in events {
            byStream[stored.envelope.stream, default: [:]][stored.envelope.sequence, default: []].append(stored.envelope.hash)
            if stored.position <= statement.endPosition {
                countBefore += 1
                streamsBefore.insert(stored.envelope.stream)
            }
        }
        var findings: [Finding] = []
        var known = Set<StreamID>()
        for head in statement.heads {
            known.insert(head.stream)
            guard let sequences = byStream[head.stream] else {
                findings.append(Finding(stream: head.stream, sequence: 1, problem: head.sequence == 1
                    ? "#1 is missing: the checkpoint of \(statement.createdAt.iso8601) recorded this stream's only event, the ledger has none"
                    : "#1…#\(head.sequence) are missing: the checkpoint of \(statement.createdAt.iso8601) recorded \(head.sequence) events, the ledger has none"))
                continue
            }
            if let hashes = sequences[head.sequence] {
                if !hashes.contains(head.hash) {
                    findings.append(Finding(stream: head.stream, sequence: head.sequence,
                                            problem: "differs from the event the checkpoint recorded (hash \(head.hash.prefix(16))…): history was rewritten"))
                }
                continue
            }
            let ledgerHead = sequences.keys.filter { $0 < head.sequence }.max() ?? 0
            let missing = ledgerHead + 1 == head.sequence ? "#\(head.sequence) is missing" : "#\(ledgerHead + 1)…#\(head.sequence) are missing"
            findings.append(Finding(stream: head.stream, sequence: ledgerHead + 1,
                                    problem: "\(missing): the checkpoint of \(statement.createdAt.iso8601) recorded the head at #\(head.sequence), "
                                        + "the ledger \(ledgerHead == 0 ? "has no event before it" : "ends at #\(ledgerHead)")"))
        }
        for stream in streamsBefore.subtracting(known).sorted() {
            findings.append(Finding(stream: stream, sequence: nil,
                                    problem: "has events at or before the checkpoint's end position \(statement.endPosition) that the checkpoint does not know: inserted afterwards"))
        }
        if countBefore != statement.eventCount {
            let verb = countBefore < statement.eventCount ? "\(statement.eventCount - countBefore) fewer" : "\(countBefore - statement.eventCount) more"
            findings.append(Finding(stream: nil, sequence: nil,
                                    problem: "the ledger has \(verb) events up to position \(statement.endPosition) than the checkpoint recorded (\(countBefore), not \(statement.eventCount)): events were deleted, inserted or reordered"))
        }
        return findings
    }
}

/// A short name for a public key: the first 16 hex digits of its SHA-256.
public enum CheckpointFingerprint {
    public static func of(_ raw: [UInt8]) -> String {
        EventHasher.hexDigest(raw).prefix(16).description
    }
}
