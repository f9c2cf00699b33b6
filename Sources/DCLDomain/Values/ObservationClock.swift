/// How far ahead of the recording time an observation may claim to be.
///
/// Clocks of the machines that run quality checks drift; a few minutes ahead is drift, years
/// ahead is a mistake (or an attempt to pin a dashboard to "fresh"). Writers refuse observations
/// beyond the skew; readers judge freshness only by observations within it.
///
/// ```swift
/// let skew = ObservationClock.defaultMaximumSkew            // 300 seconds
/// ObservationClock.isPlausible(observedAt: observed, recordedAt: now, skew: skew)
/// ```
public enum ObservationClock {
    public static let defaultMaximumSkew = TimeSpan(seconds: 300)

    /// True when `observedAt` is no later than `recordedAt` plus `skew`.
    public static func isPlausible(observedAt: Timestamp, recordedAt: Timestamp, skew: TimeSpan = defaultMaximumSkew) -> Bool {
        observedAt <= recordedAt.adding(skew)
    }
}
