import DCLEventLog
import DCLEventLogConformance
@testable import DCLKafka
import Testing

@Suite("Kafka event log conformance (mock cluster, 3 brokers)")
struct KafkaConformanceTests {
    @Test(arguments: EventLogConformance.checks)
    func conformance(_ check: EventLogConformance.Check) async throws {
        let bed = try KafkaTestBed()
        // Each call connects a new KafkaEventLog (new producer and reader) to the same cluster and topics.
        try await check.run { try bed.openLog() }
    }
}
