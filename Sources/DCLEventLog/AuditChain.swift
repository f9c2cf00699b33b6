import DCLDomain

extension AuditVerifier {
    /// The chain check of `AuditVerifier`, one event at a time in log order. It keeps, per stream,
    /// the hashes of its latest `window` sequences; a link to a sequence it no longer holds is
    /// answered by the caller (`needsEarlier`), who looks the stream up.
    ///
    /// ```swift
    /// var chain = AuditVerifier.Chain(window: 8)
    /// for stored in batch { if case .failed(let finding) = chain.check(stored) { print(finding) } }
    /// ```
    public struct Chain: Sendable {
        /// The window `AuditVerifier.verify(_ log:)` uses: a few sequences cover a stream read in
        /// order and a lost race answered soon after its winner.
        public static let streamingWindow: Int64 = 4

        public enum Verdict: Sendable, Equatable {
            case checked
            case failed(Finding)
            /// The hashes of the stream's events at `sequence` are no longer held: call `check`
            /// again with them.
            case needsEarlier(StreamID, sequence: Int64)
        }

        private struct Recent: Sendable {
            var hashes: [Int64: [String]] = [:]
            /// Every sequence below it was dropped from `hashes`.
            var forgottenBelow: Int64 = 1
            var highest: Int64 = 0
        }

        private let window: Int64
        private var streams: [StreamID: Recent] = [:]
        private var count = 0
        private var failure: Finding?

        public init(window: Int64) {
            self.window = max(1, window)
        }

        public var report: Report {
            Report(eventsChecked: count, streamsChecked: streams.count, firstFailure: failure)
        }

        /// Checks the next event. `earlier`: the hashes of its stream's events at the sequence a
        /// `needsEarlier` asked for. After a failure every further event fails with it.
        public mutating func check(_ stored: StoredEvent, earlier: [String]? = nil) -> Verdict {
            if let failure { return .failed(failure) }
            let envelope = stored.envelope
            let recomputed = EventHasher.hash(of: envelope)
            if recomputed != envelope.hash {
                return fail(stored, "content does not match its hash (stored \(envelope.hash.prefix(16))…, recomputed \(recomputed.prefix(16))…)")
            }
            var recent = streams[envelope.stream] ?? Recent()
            if envelope.sequence == 1 {
                if envelope.previousHash != EventEnvelope.genesisHash {
                    return fail(stored, "the first event of its stream must chain to the genesis hash, not \(envelope.previousHash.prefix(16))…")
                }
            } else {
                let previous = envelope.sequence - 1
                var candidates = recent.hashes[previous]
                if candidates == nil && previous < recent.forgottenBelow {
                    guard let earlier else { return .needsEarlier(envelope.stream, sequence: previous) }
                    candidates = earlier.isEmpty ? nil : earlier
                }
                guard let candidates else {
                    return fail(stored, "no earlier event at sequence \(previous) of its stream (removed?)")
                }
                if !candidates.contains(envelope.previousHash) {
                    return fail(stored, "previousHash \(envelope.previousHash.prefix(16))… matches no event at sequence \(previous) of its stream")
                }
            }
            count += 1
            recent.hashes[envelope.sequence, default: []].append(envelope.hash)
            recent.highest = max(recent.highest, envelope.sequence)
            if window != .max, recent.highest - window > recent.forgottenBelow {
                let floor = recent.highest - window
                if floor - recent.forgottenBelow <= 2 * window {
                    for sequence in recent.forgottenBelow..<floor { recent.hashes[sequence] = nil }
                } else {
                    recent.hashes = recent.hashes.filter { $0.key >= floor }
                }
                recent.forgottenBelow = floor
            }
            streams[envelope.stream] = recent
            return .checked
        }

        private mutating func fail(_ stored: StoredEvent, _ problem: String) -> Verdict {
            count += 1
            let envelope = stored.envelope
            let finding = Finding(position: stored.position, eventId: envelope.eventId, stream: envelope.stream,
                                  sequence: envelope.sequence, problem: problem, envelope: envelope)
            failure = finding
            return .failed(finding)
        }
    }
}
