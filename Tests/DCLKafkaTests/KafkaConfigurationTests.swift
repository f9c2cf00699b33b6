@testable import DCLKafka
import Testing

@Suite("Kafka configuration")
struct KafkaConfigurationTests {
    @Test func parsesPropertiesFiles() throws {
        let text = """
        # comment
        ! also a comment
        bootstrap.servers=broker-1:9092,broker-2:9092
        security.protocol = SASL_SSL
        sasl.mechanism: SCRAM-SHA-512
        sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
            username="dcl" password="hunter2";
        client.id dcl-ci
        ssl.ca.location=/etc/ssl/certs/ca\\u002Dbundle.crt
        """
        let properties = try KafkaConfiguration.parseProperties(text: text)
        #expect(properties["bootstrap.servers"] == "broker-1:9092,broker-2:9092")
        #expect(properties["security.protocol"] == "SASL_SSL")
        #expect(properties["sasl.mechanism"] == "SCRAM-SHA-512")
        #expect(properties["sasl.jaas.config"] == #"org.apache.kafka.common.security.scram.ScramLoginModule required username="dcl" password="hunter2";"#)
        #expect(properties["client.id"] == "dcl-ci")
        #expect(properties["ssl.ca.location"] == "/etc/ssl/certs/ca-bundle.crt")
        #expect(throws: KafkaError.self) { try KafkaConfiguration.parseProperties(text: "just-a-key") }
    }

    @Test func parsesOverrides() throws {
        var configuration = KafkaConfiguration(bootstrapServers: "localhost:9092")
        try configuration.apply(override: "linger.ms=20")
        try configuration.apply(override: "sasl.password=a=b")
        #expect(configuration.properties == ["linger.ms": "20", "sasl.password": "a=b"])
        #expect(throws: KafkaError.self) { try configuration.apply(override: "novalue") }
        #expect(throws: KafkaError.self) { try configuration.apply(override: "=x") }
    }

    @Test func neverPrintsSecrets() {
        let configuration = KafkaConfiguration(bootstrapServers: "b:9092", properties: [
            "sasl.password": "p1", "sasl.jaas.config": "p2", "ssl.key.password": "p3", "ssl.key.pem": "p4",
            "sasl.oauthbearer.client.secret": "p5", "SSL.KEYSTORE.PASSWORD": "p6", "linger.ms": "7",
        ])
        let text = configuration.redactedDescription
        for secret in ["p1", "p2", "p3", "p4", "p5", "p6"] { #expect(!text.contains(secret)) }
        #expect(text.contains("linger.ms=7"))
        #expect(text.contains("dcl.contracts.v1") && text.contains("dcl.quality.v1"))
    }

    @Test func producerGuarantees() throws {
        let properties = try KafkaConfiguration(bootstrapServers: "b:9092", properties: ["linger.ms": "50"]).producerProperties()
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["acks"] == "all")
        #expect(properties["linger.ms"] == "50")
        #expect(throws: KafkaError.self) {
            try KafkaConfiguration(bootstrapServers: "b:9092", properties: ["acks": "1"]).producerProperties()
        }
    }

    @Test func invalidPropertyNeverEchoesASecret() throws {
        let configuration = KafkaConfiguration(bootstrapServers: "b:9092", properties: ["ssl.key.password": "topsecret", "nonsense.key": "1"])
        do {
            _ = try KafkaProducer(configuration: configuration, logger: KafkaTestBed.logger)
            Issue.record("an unknown property must be refused")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(!error.message.contains("topsecret"))
        }
    }

    @Test func topicsAndSuffix() {
        let configuration = KafkaConfiguration(bootstrapServers: "b:9092", topicSuffix: ".t1")
        #expect(configuration.contractsTopic == "dcl.contracts.v1.t1")
        #expect(configuration.topic(for: .quality(.init("a.b")!)) == "dcl.quality.v1.t1")
        #expect(configuration.topic(for: .domain(.init("sales")!)) == "dcl.contracts.v1.t1")
    }
}
