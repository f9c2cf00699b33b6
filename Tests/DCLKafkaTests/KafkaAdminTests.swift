@testable import DCLKafka
import Foundation
import Testing

@Suite("Kafka admin: creating and checking the ledger topics")
struct KafkaAdminTests {
    private func admin(_ configuration: KafkaConfiguration, timeout: Duration = .seconds(10)) throws -> KafkaAdmin {
        var configuration = configuration
        configuration.requestTimeout = timeout
        return try KafkaAdmin(configuration: configuration, logger: KafkaTestBed.logger)
    }

    @Test("check finds both mock topics with their partitions and replication; an unknown config is a note, not a problem")
    func checkMockTopics() async throws {
        let bed = try KafkaTestBed(partitions: 4)
        let check = try await admin(bed.configuration).checkLedgerTopics()
        let managed = bed.configuration.topics + bed.configuration.changelogTopics
        #expect(check.topics.map(\.topic) == managed)
        for status in check.topics {
            #expect(status.exists)
            #expect(status.partitions == 4)
            #expect(status.replicationFactor == 3)
            // The mock serves no DescribeConfigs (it names no usable controller): unknown, with a note.
            #expect(status.cleanupPolicy == nil && status.retentionMs == nil && !status.isConfigKnown)
            #expect(status.problems.isEmpty)
            #expect(status.notes.count == 1)
            #expect(status.notes.first?.contains("cleanup.policy and retention unknown") == true)
            #expect(status.notes.first?.contains("controller") == true)
        }
        #expect(check.isHealthy)
        #expect(check.notes.allSatisfy { note in managed.contains { note.hasPrefix($0 + ": ") } })
        // Degrades without waiting for an admin request to time out.
    }

    @Test("check reports missing topics as problems, and asking does not create them")
    func checkMissingTopics() async throws {
        let bed = try KafkaTestBed()
        var configuration = bed.configuration
        configuration.topicSuffix += ".absent"
        let admin = try admin(configuration)
        for _ in 0..<2 {
            let check = try await admin.checkLedgerTopics()
            #expect(check.topics.map(\.exists) == [false, false, false, false])
            #expect(!check.isHealthy)
            #expect(check.problems == (configuration.topics + configuration.changelogTopics).map { "\($0): does not exist: create it with `dcl topics create` (see docs/kafka.md)" })
        }
        // Only the quality topic missing: the contracts topic is still fine.
        bed.cluster.setTopicError(bed.configuration.qualityTopic, .unknownTopicOrPartition)
        let partial = try await self.admin(bed.configuration).checkLedgerTopics()
        #expect(partial.topics.map(\.exists) == [true, false, true, true])
        #expect(partial.problems.count == 1)
        #expect(partial.problems.first?.hasPrefix(bed.configuration.qualityTopic + ": does not exist") == true)
    }

    @Test("create: a cluster that cannot create topics fails with a clear error naming the topics")
    func createRefused() async throws {
        let bed = try KafkaTestBed()
        var configuration = bed.configuration
        configuration.topicSuffix += ".new"
        let error = await #expect(throws: KafkaError.self) {
            try await admin(configuration).createLedgerTopics(partitions: 3, replicationFactor: 3)
        }
        #expect(error?.code == .adminRequest)
        #expect(error?.message.contains("cannot create \(configuration.contractsTopic), \(configuration.qualityTopic)") == true)
        #expect(error?.message.contains("cannot serve CreateTopics") == true)
        #expect(error?.message.contains("docs/kafka.md") == true)
    }

    @Test("create refuses impossible arguments before asking the cluster")
    func createValidates() async throws {
        let bed = try KafkaTestBed()
        let admin = try admin(bed.configuration)
        let partitions = await #expect(throws: KafkaError.self) { try await admin.createLedgerTopics(partitions: 0) }
        #expect(partitions?.code == .invalidConfiguration)
        let replicas = await #expect(throws: KafkaError.self) { try await admin.createLedgerTopics(replicationFactor: 0) }
        #expect(replicas?.code == .invalidConfiguration)
    }

    @Test("an unreachable cluster fails check and create with timedOut, naming the servers")
    func unreachable() async throws {
        let bed = try KafkaTestBed()
        try bed.cluster.setAllBrokersDown()
        let admin = try admin(bed.configuration, timeout: .seconds(2))
        let check = await #expect(throws: KafkaError.self) { try await admin.checkLedgerTopics() }
        #expect(check?.code == .timedOut)
        #expect(check?.message.contains("cannot reach the Kafka cluster at \(bed.configuration.bootstrapServers)") == true)
        let create = await #expect(throws: KafkaError.self) { try await admin.createLedgerTopics() }
        #expect(create?.code == .timedOut)
    }

    @Test("compaction and expiry are problems; delete with -1 retention is fine")
    func judgeConfigs() {
        func judged(_ values: [String: String?]) -> KafkaTopicStatus {
            var status = KafkaTopicStatus(topic: "t", exists: true, partitions: 6, replicationFactor: 3)
            KafkaAdmin.judge(&status, .success(RDKafkaConfigEntries(values: values)))
            return status
        }
        let good = judged(["cleanup.policy": "delete", "retention.ms": "-1", "retention.bytes": "-1", "min.insync.replicas": "2"])
        #expect(good.problems.isEmpty && good.notes.isEmpty && good.isConfigKnown)
        #expect(good.cleanupPolicy == "delete" && good.retentionMs == "-1" && good.retentionBytes == "-1")

        let compacting = judged(["cleanup.policy": "compact", "retention.ms": "-1", "retention.bytes": "-1"])
        #expect(compacting.problems.count == 1)
        #expect(compacting.problems.first?.hasPrefix("cleanup.policy=compact compacts") == true)
        #expect(judged(["cleanup.policy": "delete,compact", "retention.ms": "-1", "retention.bytes": "-1"]).problems.count == 1)

        let expiring = judged(["cleanup.policy": "delete", "retention.ms": "604800000", "retention.bytes": "1073741824"])
        #expect(expiring.problems == [
            "retention.ms=604800000 expires events after 7 days; set retention.ms=-1",
            "retention.bytes=1073741824 deletes the oldest events once a partition exceeds 1073741824 bytes; set retention.bytes=-1",
        ])

        let partial = judged(["cleanup.policy": "delete", "retention.ms": String?.none])
        #expect(partial.problems.isEmpty && !partial.isConfigKnown)
        #expect(partial.notes == ["retention.ms unknown: the cluster did not report it"])

        var refused = KafkaTopicStatus(topic: "t", exists: true)
        KafkaAdmin.judge(&refused, .failure(KafkaError(.adminRequest, "Broker: Topic authorization failed")))
        #expect(refused.problems.isEmpty && refused.notes.first?.contains("Topic authorization failed") == true)
    }

    @Test("a changelog topic is judged the other way round: it must compact, and its retention does not matter")
    func judgeChangelogConfigs() {
        func judged(_ values: [String: String?]) -> KafkaTopicStatus {
            var status = KafkaTopicStatus(topic: "dcl.catalog.v1", exists: true, partitions: 6, replicationFactor: 3)
            KafkaAdmin.judge(&status, .success(RDKafkaConfigEntries(values: values)), changelog: true)
            return status
        }
        #expect(judged(["cleanup.policy": "compact", "retention.ms": "604800000", "retention.bytes": "-1"]).problems.isEmpty)
        #expect(judged(["cleanup.policy": "compact,delete", "retention.ms": "-1"]).problems.isEmpty)
        let deleting = judged(["cleanup.policy": "delete", "retention.ms": "-1", "retention.bytes": "-1"])
        #expect(deleting.problems.count == 1)
        #expect(deleting.problems.first?.hasPrefix("cleanup.policy=delete does not compact") == true)
        #expect(judged(["retention.ms": "-1"]).notes == ["cleanup.policy unknown: the cluster did not report it"])
        // The configs a new changelog topic gets, against a ledger topic's.
        #expect(KafkaAdmin.topicConfigs(replicationFactor: 3, changelog: true).map(\.key) == ["cleanup.policy", "min.insync.replicas"])
        #expect(KafkaAdmin.topicConfigs(replicationFactor: 3, changelog: true).first?.value == "compact")
        #expect(KafkaAdmin.topicConfigs(replicationFactor: 3).first?.value == "delete")
    }

    @Test("durations and admin client properties")
    func helpers() {
        #expect(KafkaAdmin.describeMilliseconds("604800000") == "7 days")
        #expect(KafkaAdmin.describeMilliseconds("3600000") == "1 hour")
        #expect(KafkaAdmin.describeMilliseconds("1500") == "1500 ms")
        #expect(KafkaAdmin.describeMilliseconds("x") == "x ms")
        #expect(KafkaAdmin.topicConfigs(replicationFactor: 3).map(\.key) == ["cleanup.policy", "retention.ms", "retention.bytes", "min.insync.replicas"])
        #expect(KafkaAdmin.topicConfigs(replicationFactor: 1).map(\.key) == ["cleanup.policy", "retention.ms", "retention.bytes"])

        let configuration = KafkaConfiguration(bootstrapServers: "b:9092", properties: [
            "security.protocol": "SASL_SSL", "sasl.password": "s3cret", "linger.ms": "50", "group.id": "g", "enable.idempotence": "true",
        ])
        let properties = configuration.adminProperties()
        #expect(properties["bootstrap.servers"] == "b:9092")
        #expect(properties["security.protocol"] == "SASL_SSL" && properties["sasl.password"] == "s3cret")
        #expect(properties["linger.ms"] == nil && properties["group.id"] == nil && properties["enable.idempotence"] == nil)
        #expect(properties["allow.auto.create.topics"] == "false")
    }
}
