/// Lets `KafkaProducer.send` wait for room in librdkafka's queue without sleeping blindly: the
/// poll thread calls `signal()` after every round (delivery reports served, or its 100 ms poll
/// timeout), and a sender that found the queue full waits for the next round.
///
/// Race-free: a sender reads `generation` before trying to enqueue and waits for a later one, so a
/// round that completes in between wakes it at once.
final class ProgressSignal: Sendable {
    private struct State: Sendable {
        var generation: UInt64 = 0
        var closed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = LockedBox(State())

    var generation: UInt64 { state.withLock { $0.generation } }

    /// True once the poll thread has stopped: no further signal will come.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Wakes every waiter (a round ended). `close` marks the last signal.
    func signal(close: Bool = false) {
        let waiters = state.withLock { state in
            state.generation &+= 1
            if close { state.closed = true }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once a round after `generation` has ended (at once if one has, or if closed).
    func wait(after generation: UInt64) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                if state.generation != generation || state.closed { return true }
                state.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
