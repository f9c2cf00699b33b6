import CRDKafka
@testable import DCLKafka
import Foundation
import Testing

@Suite("explore")
struct KafkaAdminExplore {
    @Test func explore() async throws {
        let bed = try KafkaTestBed()
        var configuration = bed.configuration
        configuration.requestTimeout = .seconds(5)
        let admin = try KafkaAdmin(configuration: configuration, logger: KafkaTestBed.logger)
        let check = try await admin.checkLedgerTopics()
        print("CHECK", check)
        var missing = configuration
        missing.topicSuffix = ".missing"
        let admin2 = try KafkaAdmin(configuration: missing, logger: KafkaTestBed.logger)
        print("MISSING", try await admin2.checkLedgerTopics())
        print("MISSING again", try await admin2.checkLedgerTopics())
        let started = ContinuousClock.now
        do { print("CREATE", try await admin2.createLedgerTopics(partitions: 3, replicationFactor: 3)) } catch { print("CREATE ERR", error.code, error.message, error.rdKafkaCode as Any, ContinuousClock.now - started) }
        bed.cluster.setTopicError(configuration.qualityTopic, .unknownTopicOrPartition)
        print("TOPICERR", try await admin.checkLedgerTopics())
    }
}
