import CRDKafka
import Foundation
import Logging

/// Where librdkafka's log callback puts its lines. The callback runs on librdkafka's own threads
/// and only appends to this lock-protected, bounded buffer; Swift loops (the producer's poll
/// thread, the consumer's read jobs) drain it into a swift-log `Logger`.
final class RDKafkaLogSink: Sendable {
    struct Line: Sendable {
        var level: Int32
        var facility: String
        var message: String
    }

    private static let capacity = 512
    private let buffer = LockedBox<(lines: [Line], dropped: Int)>(([], 0))
    let logger: Logger
    /// The group rebalances of a group consumer (the sink is the client's one callback opaque).
    let rebalances = RDKafkaRebalanceBuffer()

    init(logger: Logger) { self.logger = logger }

    /// `DCL_RDKAFKA_STDERR=1`: librdkafka's lines go straight to standard error too, as they come
    /// (for tracing a read with `debug=fetch`; the buffer holds only the last 512).
    static let echo = getenv("DCL_RDKAFKA_STDERR").map { String(cString: $0) == "1" } ?? false

    func append(level: Int32, facility: String, message: String) {
        if RDKafkaLogSink.echo {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            FileHandle.standardError.write(Data("[rdkafka \(now.tv_sec).\(String(format: "%03d", now.tv_nsec / 1_000_000))] \(facility) \(message)\n".utf8))
        }
        buffer.withLock { state in
            if state.lines.count >= RDKafkaLogSink.capacity {
                state.lines.removeFirst()
                state.dropped += 1
            }
            state.lines.append(Line(level: level, facility: facility, message: message))
        }
    }

    /// Moves buffered lines to the logger (syslog levels: 0–2 critical, 3 error, 4 warning,
    /// 5 notice, 6 info, 7 debug).
    func drain() {
        let (lines, dropped) = buffer.withLock { state in
            defer { state = ([], 0) }
            return (state.lines, state.dropped)
        }
        if dropped > 0 { logger.debug("librdkafka: \(dropped) log lines dropped (buffer full)") }
        for line in lines {
            let level: Logger.Level = switch line.level {
            case ...2: .critical
            case 3: .error
            case 4: .warning
            case 5: .notice
            case 6: .info
            default: .debug
            }
            logger.log(level: level, "\(line.message)", metadata: ["rdkafka.facility": .string(line.facility)])
        }
    }

    /// Installs the C log callback on `conf`; `opaque` must stay retained until the handle is destroyed.
    static func install(on conf: OpaquePointer, opaque: UnsafeMutableRawPointer) {
        rd_kafka_conf_set_opaque(conf, opaque)
        rd_kafka_conf_set_log_cb(conf) { handle, level, facility, message in
            guard let handle, let opaque = rd_kafka_opaque(handle) else { return }
            let sink = Unmanaged<RDKafkaLogSink>.fromOpaque(opaque).takeUnretainedValue()
            sink.append(level: level, facility: facility.map { String(cString: $0) } ?? "",
                        message: message.map { String(cString: $0) } ?? "")
        }
    }
}
