import Foundation
import Prometheus

/// The request-duration histogram of each route, method and status, looked up once each: the
/// registry's own lookup checks and rebuilds the metric's name, help text and labels on every
/// call, which is more work than the request itself on a cached read.
///
/// ```swift
/// let histograms = RequestHistograms { route, method, status in registry.makeDurationHistogram(...) }
/// histograms.histogram(route: "/api/contracts/{id}", method: "GET", status: 200).record(.milliseconds(2))
/// ```
final class RequestHistograms: @unchecked Sendable {
    // @unchecked Sendable: `known` is read and written only while holding `lock` (in `histogram`,
    // which releases it before returning), and `make` is an immutable @Sendable closure.

    struct Series: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private let lock = NSLock()
    private var known: [Series: DurationHistogram] = [:]
    private let make: @Sendable (Series) -> DurationHistogram

    init(make: @escaping @Sendable (Series) -> DurationHistogram) {
        self.make = make
    }

    /// The histogram of one series, registered on first use.
    func histogram(route: String, method: String, status: Int) -> DurationHistogram {
        let series = Series(route: route, method: method, status: status)
        if let found = lock.withLock({ known[series] }) { return found }
        // Registered outside the lock (the registry has its own); a second registration of the
        // same series returns the same histogram.
        let made = make(series)
        lock.withLock { known[series] = made }
        return made
    }
}
