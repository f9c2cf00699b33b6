import DCLDomain
import DCLEventLog
import Foundation

/// Compares a ledger with a signed checkpoint: what the hash chain alone cannot show — a stream
/// whose last events were deleted, a contract whose only event was, history inserted before the
/// checkpoint — is named here, stream and sequence.
///
/// The log is read in two passes, up to the checkpoint's end cursor and then on
/// (`AuditVerifier.verify(_:checkpointEnd:…)`), and each event is told which side of the end it is on.
///
/// ```swift
/// var check = CheckpointVerifier.Check(event, trusting: nil, logEnd: try await log.endCursor())
/// _ = try await AuditVerifier.verify(log, checkpointEnd: check.end, visitAll: true) { check.add($0, beforeEnd: $1) }
/// check.report.findings.first?.description   // "lifecycle/sales.orders #3: #3 is missing (…)"
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
        /// What could not be compared, and why (a `/1` checkpoint's end on Kafka, say).
        public var notes: [String] = []
        public var isIntact: Bool { findings.isEmpty }
    }

    /// The signature is checked first (and, with `trustedKey`, that the checkpoint was signed by
    /// that key), then each event is compared as it comes, told whether it is before the end.
    ///
    /// ```swift
    /// var check = CheckpointVerifier.Check(recorded, trusting: nil, logEnd: end)
    /// for stored in batch { check.add(stored, beforeEnd: true) }
    /// check.report.isIntact
    /// ```
    public struct Check: Sendable {
        private let fingerprint: String
        private let statement: CheckpointStatement?
        private let problem: String?
        private var comparison: Comparison?

        /// `logEnd` is the log's end cursor now: it tells whether the checkpoint's end is a place
        /// in this log (see `CheckpointStatement.endIsComparable(with:)`).
        public init(_ checkpoint: AuditCheckpointRecorded, trusting trustedKey: [UInt8]?, logEnd: LogCursor) {
            self.init(parts: [checkpoint], trusting: trustedKey, logEnd: logEnd)
        }

        /// A checkpoint recorded in parts (see `CheckpointStatement.split(maxBytes:)`): every part
        /// must be signed by the same key, and the parts must make one statement.
        public init(parts checkpoints: [AuditCheckpointRecorded], trusting trustedKey: [UInt8]?, logEnd: LogCursor) {
            let keys = Set(checkpoints.map(\.publicKey))
            let rawKey = checkpoints.first.flatMap { Data(base64Encoded: $0.publicKey).map(Array.init) } ?? []
            fingerprint = CheckpointFingerprint.of(rawKey)
            var statements: [CheckpointStatement] = []
            var problem: String?
            if keys.count > 1 {
                problem = "the checkpoint's parts were signed by \(keys.count) different keys"
            } else if let trustedKey, trustedKey != rawKey {
                problem = "the checkpoint was signed by key \(fingerprint), not by the trusted key \(CheckpointFingerprint.of(trustedKey))"
            } else {
                for checkpoint in checkpoints {
                    guard let signature = Data(base64Encoded: checkpoint.signature).map(Array.init),
                          CheckpointKey.isValidSignature(signature, of: Array(checkpoint.statement.utf8), publicKey: rawKey) else {
                        problem = "the checkpoint's signature does not verify: the statement was altered or not signed by its key"
                        break
                    }
                    do { statements.append(try CheckpointStatement(canonicalText: checkpoint.statement)) } catch {
                        problem = error.description
                        break
                    }
                }
            }
            var statement: CheckpointStatement?
            if problem == nil {
                do { statement = try CheckpointStatement.merged(statements) } catch { problem = error.description }
            }
            self.statement = statement
            self.problem = problem
            comparison = statement.map { Comparison($0, endIsComparable: $0.endIsComparable(with: logEnd)) }
        }

        /// The cursor to read up to in the first pass: the checkpoint's end where it is a place in
        /// this log, else nil (every event is then compared by its stream's head alone).
        public var end: LogCursor? {
            guard let comparison, comparison.endIsComparable else { return nil }
            return statement?.end
        }

        public mutating func add(_ stored: StoredEvent, beforeEnd: Bool) {
            comparison?.add(stored, beforeEnd: beforeEnd)
        }

        public var report: Report {
            if let problem {
                return Report(statement: nil, keyFingerprint: fingerprint, findings: [Finding(stream: nil, sequence: nil, problem: problem)])
            }
            return Report(statement: statement, keyFingerprint: fingerprint, findings: comparison?.findings ?? [],
                          notes: comparison?.notes ?? [])
        }
    }

    /// The statement's heads against a log's events, one event at a time: what it keeps is one
    /// entry per stream the statement names or the log holds before its end position.
    public struct Comparison: Sendable {
        private struct Seen: Sendable {
            /// Whether an event at the head's sequence has the head's hash; nil while none is at that sequence.
            var headMatches: Bool?
            /// The highest sequence below the head's.
            var below: Int64 = 0
            var any = false
        }

        private let statement: CheckpointStatement
        private let heads: [StreamID: CheckpointStatement.Head]
        private var seen: [StreamID: Seen] = [:]
        private var countBefore = 0
        private var unknownBefore = Set<StreamID>()
        /// Whether events can be told before or after the statement's end; when not, only the
        /// heads are compared (the count and the streams inserted before the end are not).
        public let endIsComparable: Bool

        public init(_ statement: CheckpointStatement, endIsComparable: Bool = true) {
            self.statement = statement
            self.endIsComparable = endIsComparable
            heads = Dictionary(statement.heads.map { ($0.stream, $0) }, uniquingKeysWith: { first, _ in first })
        }

        public mutating func add(_ stored: StoredEvent, beforeEnd: Bool) {
            let envelope = stored.envelope
            if beforeEnd && endIsComparable {
                countBefore += 1
                if heads[envelope.stream] == nil { unknownBefore.insert(envelope.stream) }
            }
            guard let head = heads[envelope.stream] else { return }
            var entry = seen[envelope.stream] ?? Seen()
            entry.any = true
            if envelope.sequence == head.sequence {
                entry.headMatches = (entry.headMatches ?? false) || envelope.hash == head.hash
            } else if envelope.sequence < head.sequence {
                entry.below = max(entry.below, envelope.sequence)
            }
            seen[envelope.stream] = entry
        }

        /// Every difference, streams in the statement's order.
        public var findings: [Finding] {
            var findings: [Finding] = []
            for head in statement.heads {
                guard let entry = seen[head.stream], entry.any else {
                    findings.append(Finding(stream: head.stream, sequence: 1, problem: head.sequence == 1
                        ? "#1 is missing: the checkpoint of \(statement.createdAt.iso8601) recorded this stream's only event, the ledger has none"
                        : "#1…#\(head.sequence) are missing: the checkpoint of \(statement.createdAt.iso8601) recorded \(head.sequence) events, the ledger has none"))
                    continue
                }
                if let matches = entry.headMatches {
                    if !matches {
                        findings.append(Finding(stream: head.stream, sequence: head.sequence,
                                                problem: "differs from the event the checkpoint recorded (hash \(head.hash.prefix(16))…): history was rewritten"))
                    }
                    continue
                }
                let ledgerHead = entry.below
                let missing = ledgerHead + 1 == head.sequence ? "#\(head.sequence) is missing" : "#\(ledgerHead + 1)…#\(head.sequence) are missing"
                findings.append(Finding(stream: head.stream, sequence: ledgerHead + 1,
                                        problem: "\(missing): the checkpoint of \(statement.createdAt.iso8601) recorded the head at #\(head.sequence), "
                                            + "the ledger \(ledgerHead == 0 ? "has no event before it" : "ends at #\(ledgerHead)")"))
            }
            guard endIsComparable else { return findings }
            let end = statement.endDescription
            for stream in unknownBefore.sorted() {
                findings.append(Finding(stream: stream, sequence: nil,
                                        problem: "has events before the checkpoint's end (\(end)) that the checkpoint does not know: inserted afterwards"))
            }
            if countBefore != statement.eventCount {
                let verb = countBefore < statement.eventCount ? "\(statement.eventCount - countBefore) fewer" : "\(countBefore - statement.eventCount) more"
                findings.append(Finding(stream: nil, sequence: nil,
                                        problem: "the ledger has \(verb) events before the checkpoint's end (\(end)) than the checkpoint recorded (\(countBefore), not \(statement.eventCount)): events were deleted, inserted or reordered"))
            }
            return findings
        }

        /// What was not compared: with an end that is no place in this log, the event count and
        /// the streams inserted before it.
        public var notes: [String] {
            guard !endIsComparable else { return [] }
            let format = statement.endIsGlobalPosition ? "a \(CheckpointStatement.positionFormat) checkpoint's end, \(statement.endDescription) in one global order,"
                                                        : "the checkpoint's end (\(statement.endDescription))"
            return ["\(format) is not a place in this log, so only the streams' heads were compared, not the event count before it; "
                    + "take a new checkpoint (`dcl audit checkpoint`) to compare both"]
        }
    }
}

/// A short name for a public key: the first 16 hex digits of its SHA-256.
public enum CheckpointFingerprint {
    public static func of(_ raw: [UInt8]) -> String {
        EventHasher.hexDigest(raw).prefix(16).description
    }
}
