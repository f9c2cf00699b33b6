import DCLApplication
import Prometheus

/// What `/metrics` exposes, in Prometheus' text format: request durations per route, method and
/// status; events appended through the API by type; the projectors' lag, position and rate.
///
/// ```swift
/// let metrics = ServerMetrics()
/// metrics.recordAppended(["ContractPublished"])
/// print(metrics.registry.emitToString())
/// ```
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let requestHistograms: RequestHistograms

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        requestHistograms = RequestHistograms { series in
            registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(namespace: "dcl", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                                                 helpText: "HTTP request duration by route, method and status"),
                labels: [("route", series.route), ("method", series.method), ("status", String(series.status))], buckets: ServerMetrics.buckets)
        }
    }

    /// Buckets around the API's targets (p99 under 10 ms for reads), up to slow rebuilds for `asOf`.
    static let buckets: [Duration] = [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                      .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                                      .seconds(1), .seconds(2.5), .seconds(10)]

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        requestHistograms.histogram(route: route, method: method, status: status).record(duration)
    }

    /// Counts events appended through the API, by type.
    public func recordAppended(_ types: [String]) {
        for type in types {
            registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "dcl", metricName: "events_appended", unitName: "total",
                                                                  helpText: "Events appended through the API, by type"),
                                 labels: [("type", type)]).increment()
        }
    }

    /// Sets the projector gauges from a status read (done on each scrape).
    func updateProjectors(_ status: [ProjectorStatus]) {
        for projector in status {
            let labels = [("projector", projector.projector)]
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "dcl", subsystem: "projector", metricName: "lag", unitName: "events",
                                                                helpText: "Events the projector is behind the log's end"),
                               labels: labels).set(Double(projector.lag))
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "dcl", subsystem: "projector", metricName: "log", unitName: "position",
                                                                helpText: "Log position the projector has folded up to"),
                               labels: labels).set(Double(projector.position))
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "dcl", subsystem: "projector", metricName: "throughput",
                                                                unitName: "events_per_second", helpText: "Events per second of the projector's last batch"),
                               labels: labels).set(projector.eventsPerSecond)
        }
    }
}
