import DCLTestSupport
import DCLDomain
import DCLEventLog
import DCLSQLite
import Foundation
import GRDB
import Testing

/// Issue #16's findings 1–9, each reproduced against the built binary and real files.
/// (Finding 2, the checkpoints, is in `CheckpointTests`; 10, Kafka, in `KafkaFailFastTests`.)
@Suite("issue 16 findings", .serialized)
struct ReliabilityFindingsTests {
    private func ledgerWithOrders(_ cli: CLIHarness) throws {
        try cli.write("orders.yaml", ContractTexts.orders())
        let published = try cli.run("publish", "orders.yaml")
        #expect(published.status == 0, "\(published.stderr)")
    }

    // 1. An empty --ledger used to write to a temporary SQLite database and print "recorded".
    @Test(arguments: [
        (["--ledger", ""], [String: String]()),
        (["--ledger", "  "], [:]),
        ([], ["DCL_LEDGER": ""]),
        (["--ledger", "somewhere/"], [:]),
    ])
    func emptyOrUnusableLedgerPathExitsTwo(arguments: [String], environment: [String: String]) throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        let result = try cli.run(["publish", "orders.yaml"] + arguments, environment: environment)
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(!result.stdout.contains("recorded"))
        #expect(result.stderr.contains("--ledger") || result.stderr.contains("DCL_LEDGER"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path(".dcl/ledger.db")))
    }

    @Test func aFolderAsLedgerOrEmptyStoreExitsTwo() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        let folder = try cli.run("list", "--ledger", cli.folder.path)
        #expect(folder.status == 2 && folder.stderr.contains("is a folder"), "\(folder.stderr)")
        let store = try cli.run("catalog", "--store", "")
        #expect(store.status == 2 && store.stderr.contains("--store is empty"), "\(store.stderr)")
        let storeEnv = try cli.run(["catalog"], environment: ["DCL_STORE": ""])
        #expect(storeEnv.status == 2 && storeEnv.stderr.contains("$DCL_STORE is empty"), "\(storeEnv.stderr)")
    }

    // 3. A replay stored the log's end as its position and counted events it did not apply.
    @Test func replayIsFrozenAtItsCutoffAndSaysHowManyEventsApplied() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)   // 2 events: domain registration and the publish
        let ledgerPath = cli.path(".dcl/ledger.db")
        let cutoff = try DatabaseQueue(path: ledgerPath).read { try String.fetchOne($0, sql: "SELECT MAX(recorded_at) FROM events") }
        Thread.sleep(forTimeInterval: 0.01)
        for _ in 0..<3 {
            #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed").status == 0)
        }
        let replay = try cli.run("audit", "replay", "--as-of", try #require(cutoff), "--store", "audit.db")
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("replayed 2 events"), "\(replay.stdout)")
        #expect(replay.stdout.contains("last applied position 2") && replay.stdout.contains("frozen"), "\(replay.stdout)")
        let position = try DatabaseQueue(path: cli.path("audit.db")).read { try Int64.fetchOne($0, sql: "SELECT position FROM fold_checkpoint") }
        #expect(position == 2)
        // Catching up a frozen store is refused; reading it as it stands says what it is.
        let catchUp = try cli.run("catalog", "--store", "audit.db")
        #expect(catchUp.status == 2 && catchUp.stderr.contains("frozen"), "\(catchUp.stderr)")
        let project = try cli.run("project", "--until-caught-up", "--store", "audit.db")
        #expect(project.status == 2 && project.stderr.contains("frozen"), "\(project.stderr)")
        let stale = try cli.run("timeline", "sales.orders", "--store", "audit.db", "--stale-ok", "--json")
        #expect(stale.status == 0 && stale.stderr.contains("frozen"), "\(stale.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(stale.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1, "only the publish, no quality results and no rejections: \(stale.stdout)")
        #expect(!stale.stdout.contains("rejected"))
    }

    // 4. Unwritable standard error used to trap (SIGILL); unwritable standard output exited 0.
    @Test func unwritableOutputStreamsExitTwoWithoutATrap() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        let binary = CLIHarness.binary.path
        func shell(_ script: String) throws -> Int32 {
            let process = ChildProcess()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.currentDirectoryURL = cli.folder
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try shell("'\(binary)' list >/dev/full") == 2, "stdout on a full device")
        #expect(try shell("'\(binary)' list >&-") == 2, "stdout closed")
        #expect(try shell("'\(binary)' show nope 2>/dev/full") == 1, "an error exit with stderr on a full device keeps its code")
        #expect(try shell("'\(binary)' publish missing.yaml 2>&-") == 2, "stderr closed")
        #expect(try shell("'\(binary)' list --bogus 2>/dev/full >/dev/full") == 2)
        #expect(try shell("'\(binary)' list >/dev/null") == 0)
    }

    // 5. Readers opened the ledger read-write: another user could not read it and left -wal/-shm files.
    @Test func anotherUserReadsALedgerInAFolderTheyCannotWrite() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else { return }
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        #expect(try cli.run("audit", "verify").status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cli.folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: cli.path(".dcl"))
        let before = try cli.read(".dcl/ledger.db")
        for arguments in [["list"], ["show", "sales.orders"], ["history", "sales.orders"], ["audit", "verify"]] {
            let result = try cli.runExecutable("/usr/sbin/runuser", ["-u", "nobody", "--", CLIHarness.binary.path] + arguments
                                                + ["--ledger", cli.path(".dcl/ledger.db")])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains("sales.orders") || result.stdout.contains("intact"), "\(arguments): \(result.stdout)")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.path(".dcl"))
        #expect(left == ["ledger.db"], "no -wal or -shm left behind: \(left)")
        #expect(try cli.read(".dcl/ledger.db") == before)
    }

    // 6. A newline in --actor forged a "recorded" line in history; ids with bidi overrides, a leading '-' or '..' were accepted.
    @Test(arguments: ["ana\nrecorded lifecycle/sales.orders#9", "ana\u{1B}[2J", "ana\u{202E}", "ana\u{0007}"])
    func controlCharactersInActorsAreRefused(actor: String) throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        let before = try cli.read(".dcl/ledger.db")
        let result = try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed", "--actor", actor)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("--actor") && result.stderr.contains("U+"), "\(result.stderr)")
        #expect(try cli.read(".dcl/ledger.db") == before)
    }

    @Test func recordedControlCharactersPrintEscapedInHistory() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        // A ledger written before the rule (or by another tool) may hold such an actor: it prints escaped.
        try cli.write("orders2.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try cli.run("publish", "orders2.yaml", "--actor", "placeholder-actor").status == 0)
        let queue = try DatabaseQueue(path: cli.path(".dcl/ledger.db"))
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER events_are_append_only_update")
            try db.execute(sql: "UPDATE events SET actor = ? WHERE actor = 'placeholder-actor'",
                           arguments: ["mallory\n2026-01-01T00:00:00Z  lifecycle#9  ContractRetired"])
        }
        try queue.close()
        let history = try cli.run("history", "sales.orders")
        #expect(history.status == 0)
        #expect(!history.stdout.split(separator: "\n").contains { $0.hasPrefix("2026-01-01T00:00:00Z") }, "\(history.stdout)")
        #expect(history.stdout.contains("mallory\\u{000A}2026-01-01"), "\(history.stdout)")
    }

    @Test(arguments: [
        ("-rf", "must start with a letter or digit"),
        ("sales..orders", "'..'"),
        ("sales.orders\u{202E}", "U+202E"),
        ("sales.ord\u{200B}ers", "U+200B"),
        ("../../etc", "'/'"),
        ("sales/orders", "'/'"),
        ("é.orders", "U+00E9"),
    ])
    func contractIdsFollowTheGrammar(id: String, mentions: String) throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        let before = try cli.read(".dcl/ledger.db")
        try cli.write("bad.yaml", ContractTexts.orders().replacingOccurrences(of: "id: sales.orders", with: "id: \"\(id)\""))
        let result = try cli.run("publish", "bad.yaml")
        #expect(result.status == 1 || result.status == 2, "\(result.stdout)")
        #expect(result.stderr.contains(mentions), "\(result.stderr)")
        #expect(try cli.read(".dcl/ledger.db") == before)
        let initialised = try cli.run("init", "--domain", "sales", "--product", "orders", "--id=\(id)", "--output", "-")
        #expect(initialised.status == 2 && initialised.stderr.contains(mentions), "\(initialised.stderr)")
    }

    // 7. A far-future observation was accepted and pinned the dashboard to "fresh".
    @Test func futureObservationsAreRefusedAndDoNotPinFreshness() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        let before = try cli.read(".dcl/ledger.db")
        let future = try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed", "--observed-at", "2999-01-01T00:00:00Z")
        #expect(future.status == 2 && future.stderr.contains("in the future") && future.stderr.contains("300 seconds"), "\(future.stderr)")
        #expect(try cli.read(".dcl/ledger.db") == before)
        let tenMinutes = ISO8601DateFormatter().string(from: Date().addingTimeInterval(600))
        #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed", "--observed-at", tenMinutes).status == 2)
        let allowed = try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed", "--observed-at", tenMinutes,
                                  "--max-clock-skew", "900")
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let badSkew = try cli.run(["quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed"], environment: ["DCL_MAX_CLOCK_SKEW": "soon"])
        #expect(badSkew.status == 2 && badSkew.stderr.contains("DCL_MAX_CLOCK_SKEW"))
    }

    @Test func theDashboardIgnoresAnObservationFarAheadOfItsRecording() async throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        // A result 300 days ahead of its recording, with no recorded skew: as a ledger written before
        // observations were checked may hold one (appended through the library, as that writer did).
        let now = Date()
        let future = ISO8601DateFormatter().string(from: now.addingTimeInterval(300 * 86_400))
        func milliseconds(_ date: Date) -> Timestamp { Timestamp(millisecondsSinceEpoch: Int64(date.timeIntervalSince1970 * 1000)) }
        let id = try #require(ContractID("sales.orders"))
        let check = QualityCheckRecorded(contractId: id, rule: "unique_order_id", passed: true,
                                         observedAt: milliseconds(now.addingTimeInterval(300 * 86_400)))
        let envelope = EventCodec.envelope(for: ProposedEvent(stream: .quality(id), sequence: 1, event: .qualityCheckRecorded(check)),
                                           eventId: UUID().uuidString.lowercased(), occurredAt: check.observedAt, recordedAt: milliseconds(now),
                                           actor: "legacy-writer", previousHash: EventEnvelope.genesisHash)
        let log = try SQLiteEventLog(path: cli.path(".dcl/ledger.db"))
        _ = try await log.append([envelope])
        try log.close()
        #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--failed").status == 0)
        let dashboard = try cli.run("dashboard", "quality", "--json")
        #expect(dashboard.status == 0, "\(dashboard.stderr)")
        #expect(!dashboard.stdout.contains(String(future.prefix(10))), "lastChecked is not the future date: \(dashboard.stdout)")
        #expect(dashboard.stdout.contains("\"totalChecks\" : 2"), "both results still count: \(dashboard.stdout)")
        #expect(dashboard.stdout.contains("\"fresh\""), "the newest plausible observation is the failure just recorded: \(dashboard.stdout)")
    }

    @Test func theClockSkewIsConfigurableAndTheFoldUsesTheSkewARecordWasAllowed() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        let help = try cli.run("quality", "record", "--help")
        #expect(help.stdout.contains("--max-clock-skew") && help.stdout.contains("DCL_MAX_CLOCK_SKEW"), "\(help.stdout)")
        #expect(try cli.run("serve", "--help").stdout.contains("--max-clock-skew"))
        let tenMinutes = ISO8601DateFormatter().string(from: Date().addingTimeInterval(600))
        let record = ["quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed", "--observed-at", tenMinutes]
        // The variable sets it as the flag does; the default refuses the same result.
        #expect(try cli.run(record).status == 2)
        let viaVariable = try cli.run(record, environment: ["DCL_MAX_CLOCK_SKEW": "900"])
        #expect(viaVariable.status == 0, "\(viaVariable.stderr)")
        // The result carries the skew it was allowed, so every fold counts it as the newest observation.
        let dashboard = try cli.run("dashboard", "quality", "--json")
        #expect(dashboard.stdout.contains(String(tenMinutes.prefix(16))), "lastChecked is the result allowed by a 900 s skew: \(dashboard.stdout)")
        // A smaller skew than the default is recorded too and refuses what the default would allow.
        let twoMinutes = ISO8601DateFormatter().string(from: Date().addingTimeInterval(120))
        let strict = try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed", "--observed-at", twoMinutes,
                                 "--max-clock-skew", "60")
        #expect(strict.status == 2 && strict.stderr.contains("60 seconds"), "\(strict.stderr)")
        #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed", "--observed-at", twoMinutes).status == 0)
    }

    // 8. A 50 MB description grew the ledger to 200 MB.
    @Test func oversizedDocumentsAreRefusedNamingTheLimit() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        let before = try cli.read(".dcl/ledger.db")
        let big = ContractTexts.orders(version: "1.1.0") + "description:\n  purpose: \"" + String(repeating: "x", count: 2_000_000) + "\"\n"
        try cli.write("big.yaml", big)
        let size = try cli.run("publish", "big.yaml")
        #expect(size.status == 2 && size.stderr.contains("maxDocumentBytes"), "\(size.stderr)")
        let long = ContractTexts.orders(version: "1.1.0") + "description:\n  purpose: \"" + String(repeating: "x", count: 70_000) + "\"\n"
        try cli.write("long.yaml", long)
        let string = try cli.run("publish", "long.yaml")
        #expect(string.status == 2 && string.stderr.contains("maxStringLength") && string.stderr.contains("long.yaml"), "\(string.stderr)")
        let raised = try cli.run(["publish", "long.yaml"], environment: ["DCL_MAX_STRING_LENGTH": "100000"])
        #expect(raised.status == 0, "the limit is configurable: \(raised.stderr)")
        let after = try cli.read(".dcl/ledger.db")
        #expect(after != before)
        let deep = ContractTexts.orders(version: "1.2.0") + "customProperties:\n" + (1...40).map { String(repeating: "  ", count: $0) + "l\($0):\n" }.joined()
            + String(repeating: "  ", count: 41) + "end: 1\n"
        try cli.write("deep.yaml", deep)
        let depth = try cli.run("publish", "deep.yaml")
        #expect(depth.status == 2 && depth.stderr.contains("maxDepth"), "\(depth.stderr)")
        let flow = ContractTexts.orders(version: "1.2.0") + "customProperties: " + String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000) + "\n"
        try cli.write("flow.yaml", flow)
        let nested = try cli.run("publish", "flow.yaml")
        #expect(nested.status == 2 && !nested.stderr.contains("yaml_set_max_nest_level") && nested.stderr.contains("nests deeper"), "\(nested.stderr)")
        #expect(try cli.read(".dcl/ledger.db") == after)
    }

    // 9. Messages a user should get instead of the old ones.
    @Test func messagesSayWhatIsWrong() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try ledgerWithOrders(cli)
        let before = try cli.read(".dcl/ledger.db")
        func expectFailure(_ arguments: [String], _ status: Int32, _ mentions: String, not old: String? = nil) throws {
            let result = try cli.run(arguments)
            #expect(result.status == status, "\(arguments): \(result.stdout) \(result.stderr)")
            #expect(result.stderr.contains(mentions), "\(arguments): \(result.stderr)")
            if let old { #expect(!result.stderr.contains(old), "\(arguments): \(result.stderr)") }
        }
        let latency = ContractTexts.orders(version: "1.1.0") + "slaProperties:\n  - property: latency\n    value: 1e20\n    unit: h\n"
        try cli.write("latency.yaml", latency)
        try expectFailure(["publish", "latency.yaml"], 2, "too large", not: "zero or more")
        try FileManager.default.createDirectory(atPath: cli.path("folder.yaml"), withIntermediateDirectories: true)
        try expectFailure(["publish", "folder.yaml"], 2, "is a folder", not: "NSCocoaErrorDomain")
        try Data([0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: cli.path("latin1.yaml")))
        try expectFailure(["publish", "latin1.yaml"], 2, "not UTF-8 text (invalid byte 0xFF at offset 4)", not: "correct format")
        try expectFailure(["publish", "/dev/null"], 2, "is a device", not: "permission")
        #expect(mkfifo(cli.path("pipe.yaml"), 0o600) == 0)
        try expectFailure(["publish", "pipe.yaml"], 2, "pipe (FIFO)", not: "permission")
        try expectFailure(["config", "compatibility", "FULL", "--contract", "nope"], 1, "no contract 'nope'", not: "recorded")
        let ranged = ContractTexts.orders(version: "1.1.0").replacingOccurrences(of: "- metric: duplicateValues", with: "- {type: range, min: 0, max: 9}")
            .replacingOccurrences(of: "mustBe: 0", with: "")
        #expect(ranged.contains("type: range") && !ranged.contains("mustBe"))
        try cli.write("range.yaml", ranged)
        try expectFailure(["publish", "range.yaml"], 2, "range on column 'order_id', which is text", not: "recorded")
        #expect(try cli.read(".dcl/ledger.db") == before)

        let negative = try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--failed", "--value", "-5")
        #expect(negative.status == 0, "--value -5 is a value: \(negative.stderr)")
        #expect(try cli.run("deprecate", "sales.orders", "--reason", "replaced").status == 0)
        #expect(try cli.run("retire", "sales.orders").status == 0)
        try expectFailure(["retire", "sales.orders"], 1, "already retired", not: "deprecate it first")

        #expect(try cli.run("project", "--until-caught-up", "--store", "models.db").status == 0)
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: cli.path("models.db")))
        try expectFailure(["catalog", "--store", "models.db"], 2, "dcl project --rebuild")
    }

    @Test func aRegexOnADateColumnIsRefused() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("regex.yaml", """
            apiVersion: v3.1.0
            kind: DataContract
            id: sales.orders
            name: Orders
            version: 1.0.0
            status: active
            domain: sales
            dataProduct: orders
            team:
              members:
                - username: sales-de@company.com
                  role: owner
            schema:
              - name: orders
                properties:
                  - name: order_id
                    logicalType: string
                    required: true
                  - name: order_date
                    logicalType: date
                    quality:
                      - type: regex
                        pattern: "^2026"
            """)
        let result = try cli.run("check", "regex.yaml")
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains("regex on column 'order_date', which is a date"), "\(result.stderr)")
    }
}
