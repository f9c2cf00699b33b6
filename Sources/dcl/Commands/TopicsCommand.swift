import ArgumentParser
import DCLKafka
import Foundation

struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Create or check the ledger's Kafka topics (dcl.contracts.v1, dcl.quality.v1) and the changelog topics (dcl.catalog.v1, dcl.quality-summary.v1).",
        discussion: """
        The ledger topics must never compact and never expire: cleanup.policy=delete, retention.ms=-1, \
        retention.bytes=-1. Compaction keeps only the last event per key, expiry deletes old events: either one \
        deletes contract history. Choose the partition count once; never add partitions later (a contract's events \
        would move to another partition).

        The changelog topics are the opposite: read models published for consumers (the latest catalog entry and \
        quality summary per contract), so they must compact: cleanup.policy=compact. See docs/kafka.md.

        Examples:
          dcl topics create --kafka broker-1:9092 --partitions 6 --replication-factor 3
          dcl topics check --kafka localhost:9092 -X security.protocol=SASL_SSL --kafka-config client.properties
        """,
        subcommands: [TopicsCreateCommand.self, TopicsCheckCommand.self])
}

struct TopicsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create both ledger topics and both changelog topics (a topic that exists is left unchanged), then check them.",
        discussion: """
        Creates dcl.contracts.v1 and dcl.quality.v1 with cleanup.policy=delete, retention.ms=-1, retention.bytes=-1, \
        and the changelog topics dcl.catalog.v1 and dcl.quality-summary.v1 with cleanup.policy=compact; with a \
        replication factor of 3 or more, min.insync.replicas=2. A topic that already exists is not changed; the \
        check that follows reports its config.

        Exit codes: 0 both topics are fine, 1 a topic that already existed compacts or expires (named), 2 bad input, \
        an unreachable cluster, or the cluster refused to create them. The mock cluster of `dcl dev kafka` cannot \
        create topics (it has made them already).

        Examples:
          dcl topics create --kafka broker-1:9092 --partitions 6 --replication-factor 3
          dcl --kafka broker-1:9092 --kafka-config client.properties topics create
        """)

    @OptionGroup var kafka: KafkaOptions
    @Option(help: "Partitions per topic. Choose once: never add partitions to a ledger topic.") var partitions: Int = 6
    @Option(help: "Replicas per partition (at most the number of brokers).") var replicationFactor: Int = 3
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        if partitions < 1 || partitions > 10_000 { throw ValidationError("--partitions must be between 1 and 10000") }
        if replicationFactor < 1 || replicationFactor > 32 { throw ValidationError("--replication-factor must be between 1 and 32") }
    }

    func run() async throws {
        try await withExitCodes {
            let configuration = try kafka.requiredConfiguration(for: "dcl topics create")
            let admin = try OpenFiles.kafkaAdmin(configuration)
            let outcomes = try await admin.createLedgerTopics(partitions: partitions, replicationFactor: replicationFactor)
            // A topic created just now can take a moment to appear in every broker's metadata.
            var check = try await admin.checkLedgerTopics()
            for _ in 0..<10 where check.topics.contains(where: { !$0.exists }) {
                try await Task.sleep(for: .milliseconds(500))
                check = try await admin.checkLedgerTopics()
            }
            if json {
                print(try Output.json(TopicsOutput.CreateResult(created: outcomes, check: TopicsOutput.CheckResult(check, bootstrap: configuration.bootstrapServers))))
            } else {
                for outcome in outcomes {
                    let changelog = configuration.changelogTopics.contains(outcome.topic)
                    let settings = KafkaAdmin.topicConfigs(replicationFactor: replicationFactor, changelog: changelog)
                        .map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                    if outcome.outcome == .created {
                        print("\(outcome.topic): created (\(partitions) partitions, replication factor \(replicationFactor), \(settings))")
                    } else {
                        print("\(outcome.topic): already exists (not changed)")
                    }
                }
                print("")
                print(TopicsOutput.text(check))
            }
            try TopicsOutput.failIfProblems(check, strict: false)
        }
    }
}

struct TopicsCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that both ledger topics exist and neither compact nor expire, and that both changelog topics exist and compact.",
        discussion: """
        Reports, per topic: whether it exists, partitions, replication factor, cleanup.policy, retention.ms and \
        retention.bytes. A missing topic is a problem; so is, on a ledger topic, cleanup.policy with `compact` or a \
        retention other than -1, and on a changelog topic (dcl.catalog.v1, dcl.quality-summary.v1) a cleanup.policy \
        without `compact`.

        A cluster that does not describe topic configs (no DescribeConfigs, no permission, or the mock cluster of \
        `dcl dev kafka`) leaves the config "unknown": that is a note, not a problem, unless --strict.

        Exit codes: 0 no problem, 1 problems found (each named), 2 bad input or an unreachable cluster.

        Examples:
          dcl topics check --kafka localhost:9092
          dcl topics check --kafka broker-1:9092 -X security.protocol=SASL_SSL --strict
        """)

    @OptionGroup var kafka: KafkaOptions
    @Flag(help: "Print the result as JSON.") var json = false
    @Flag(help: "Count an unknown cleanup.policy or retention.ms as a problem.") var strict = false

    func run() async throws {
        try await withExitCodes {
            let configuration = try kafka.requiredConfiguration(for: "dcl topics check")
            let admin = try OpenFiles.kafkaAdmin(configuration)
            let check = try await admin.checkLedgerTopics()
            if json {
                var result = TopicsOutput.CheckResult(check, bootstrap: configuration.bootstrapServers)
                if strict { result.problems += TopicsOutput.unknownProblems(check); result.healthy = result.problems.isEmpty }
                print(try Output.json(result))
            } else {
                print(TopicsOutput.text(check))
            }
            try TopicsOutput.failIfProblems(check, strict: strict)
        }
    }
}

/// Rendering shared by `topics create` and `topics check`.
enum TopicsOutput {
    struct CheckResult: Encodable {
        struct Topic: Encodable {
            var topic: String
            var exists: Bool
            var partitions: Int?
            var replicationFactor: Int?
            var cleanupPolicy: String?
            var retentionMs: String?
            var retentionBytes: String?
            var problems: [String]
            var notes: [String]
        }

        var bootstrapServers: String
        var healthy: Bool
        var topics: [Topic]
        var problems: [String]
        var notes: [String]

        init(_ check: KafkaTopicsCheck, bootstrap: String) {
            bootstrapServers = bootstrap
            healthy = check.isHealthy
            topics = check.topics.map { status in
                let unknown: String? = status.exists ? "unknown" : nil
                return Topic(topic: status.topic, exists: status.exists, partitions: status.partitions,
                             replicationFactor: status.replicationFactor, cleanupPolicy: status.cleanupPolicy ?? unknown,
                             retentionMs: status.retentionMs ?? unknown, retentionBytes: status.retentionBytes ?? unknown,
                             problems: status.problems, notes: status.notes)
            }
            problems = check.problems
            notes = check.notes
        }
    }

    struct CreateResult: Encodable {
        var created: [KafkaTopicCreation]
        var check: CheckResult
    }

    static func text(_ check: KafkaTopicsCheck) -> String {
        let rows = check.topics.map { status -> [String] in
            let unknown = status.exists ? "unknown" : "-"
            return [status.topic, status.exists ? "yes" : "NO", status.partitions.map(String.init) ?? "-",
                    status.replicationFactor.map(String.init) ?? "-", status.cleanupPolicy ?? unknown,
                    status.retentionMs ?? unknown, status.retentionBytes ?? unknown]
        }
        var lines = [Output.table(["topic", "exists", "partitions", "replicas", "cleanup.policy", "retention.ms", "retention.bytes"], rows)]
        if !check.problems.isEmpty {
            lines.append("")
            lines.append("problems:")
            lines += check.problems.map { "  - \($0)" }
        }
        if !check.notes.isEmpty {
            lines.append("")
            lines.append("notes:")
            lines += check.notes.map { "  - \($0)" }
        }
        if check.isHealthy {
            lines.append("")
            lines.append(check.topics.allSatisfy(\.isConfigKnown) ? "ok: both ledger topics exist, never compact and never expire"
                         : "ok: both ledger topics exist (config not verified, see notes)")
        }
        return lines.joined(separator: "\n")
    }

    static func unknownProblems(_ check: KafkaTopicsCheck) -> [String] {
        check.topics.filter { $0.exists && !$0.isConfigKnown }.map { "\($0.topic): cleanup.policy/retention.ms unknown (--strict)" }
    }

    /// Exit 1 naming the problems.
    static func failIfProblems(_ check: KafkaTopicsCheck, strict: Bool) throws {
        let problems = check.problems + (strict ? unknownProblems(check) : [])
        guard problems.isEmpty else {
            throw CLIError.rejected("\(problems.count) problem\(problems.count == 1 ? "" : "s") with the ledger topics: "
                                    + problems.joined(separator: "; "))
        }
    }
}
