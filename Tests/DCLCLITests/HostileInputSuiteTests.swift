import DCLDomain
import DCLEventLog
import DCLSQLite
import Foundation
import GRDB
import Testing

/// Issue #16's hostile-input suite: YAML, Avro JSON, command-line arguments, ledger files and
/// envelopes on a log, each run through the built binary. Every case asserts the exit code, a
/// message naming the problem, and that the ledger (and any file the case reads) is byte-for-byte
/// unchanged. Cases run four at a time against one prepared folder so the suite stays well under
/// a minute. Hostile records on Kafka topics are in `KafkaHostileRecordsTests`; garbled record
/// values through the envelope reader in process are counted apart (they have no exit code).
@Suite("hostile input", .serialized)
struct HostileInputSuiteTests {
    /// Refusals through the binary (a non-zero exit and a message to check) the suite must hold;
    /// counted so the report can say how many ran.
    static let minimumRefusals = 200

    @Test func everyHostileInputIsRefusedClearlyAndChangesNothing() async throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        let published = try cli.run("publish", "orders.yaml")
        #expect(published.status == 0, "\(published.stderr)")
        try cli.write("orders2.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try cli.run("publish", "orders2.yaml").status == 0)
        #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed").status == 0)

        let cases = HostileInputCases.yamlCases + HostileInputCases.avroCases + HostileInputCases.argumentCases
            + HostileInputCases.ledgerFileCases + (try derivedLedgerCases(cli)) + (try forgedEnvelopeCases(cli))
        for hostile in cases {
            for (name, data) in hostile.files { try data.write(to: cli.folder.appendingPathComponent(name)) }
        }
        let envelopeCases = try inProcessEnvelopeCases(cli)
        // Only cases that exit non-zero and name the problem count as refusals; the few that must
        // succeed (a repeated publish is "unchanged", a harmless header bit) are checked but not counted.
        let refusals = cases.filter { $0.status != 0 && !$0.mentions.isEmpty }
        let names = Set(cases.map(\.name))
        #expect(names.count == cases.count, "every case has its own name")
        let byKind = Dictionary(grouping: refusals) { $0.name.prefix { $0 != ":" } }.mapValues(\.count)
        #expect(refusals.count >= Self.minimumRefusals, "the suite has \(refusals.count) refusals")
        print("hostile-input suite: \(refusals.count) refusals through the binary ("
              + byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
              + "), \(cases.count - refusals.count) accepted inputs checked, \(envelopeCases) garbled record values read in process")

        let ledger = cli.path(".dcl/ledger.db")
        let before = try Data(contentsOf: URL(fileURLWithPath: ledger))
        var watchedBefore: [String: Data] = [:]
        for hostile in cases {
            for file in watchedFiles(hostile) where isRegularFile(cli.path(file)) && watchedBefore[file] == nil {
                watchedBefore[file] = try cli.read(file)
            }
        }
        let results = try await runConcurrently(cases, in: cli, width: 4)
        for (hostile, result) in zip(cases, results) {
            #expect(result.status == hostile.status, "\(hostile): exit \(result.status), stdout \(result.stdout), stderr \(result.stderr)")
            // The message is on standard error; `audit verify` prints its verdict's detail on standard output.
            let said = result.stderr + result.stdout
            for fragment in hostile.mentions {
                #expect(said.contains(fragment), "\(hostile): the output does not name '\(fragment)': \(result.stderr) \(result.stdout)")
            }
            #expect(!result.stdout.split(separator: "\n").contains { $0.hasPrefix("recorded ") }, "\(hostile): \(result.stdout)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("yaml_set_max_nest_level"), "\(hostile): \(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: ledger)) == before, "the ledger is byte-for-byte unchanged")
        for (file, data) in watchedBefore {
            #expect(try cli.read(file) == data, "\(file) is unchanged")
        }
        // Reads answer from the read-model store beside it; the ledger itself has no -wal/-shm left.
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.path(".dcl")).filter { !$0.hasPrefix("readmodels.db") }
        #expect(left == ["ledger.db"], "no -wal/-shm left beside the ledger: \(left)")
    }

    private func isRegularFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }

    private func watchedFiles(_ hostile: HostileCase) -> [String] {
        var files = [".dcl/ledger.db"]
        if let index = hostile.arguments.firstIndex(of: "--ledger"), index + 1 < hostile.arguments.count {
            files.append(hostile.arguments[index + 1])
        }
        return files
    }

    private func runConcurrently(_ cases: [HostileCase], in cli: CLIHarness, width: Int) async throws -> [CLIHarness.Result] {
        try await withThrowingTaskGroup(of: (Int, CLIHarness.Result).self) { group in
            var results = [CLIHarness.Result?](repeating: nil, count: cases.count)
            var next = 0
            func start() {
                let index = next
                let hostile = cases[index]
                next += 1
                group.addTask { (index, try cli.run(hostile.arguments, environment: hostile.environment)) }
            }
            while next < min(width, cases.count) { start() }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < cases.count { start() }
            }
            return results.map { $0! }
        }
    }

    // MARK: - Ledger files made from the real ledger

    private func derivedLedgerCases(_ cli: CLIHarness) throws -> [HostileCase] {
        let real = try cli.read(".dcl/ledger.db")
        var cases: [HostileCase] = []
        func add(_ name: String, _ bytes: Data, _ command: [String], status: Int32 = 2, _ mentions: String...) {
            cases.append(HostileCase(name: "ledger file: \(name)", arguments: command + ["--ledger", "\(name).db"], files: ["\(name).db": bytes],
                                     status: status, mentions: mentions))
        }
        add("truncated-half", real.prefix(real.count / 2), ["audit", "verify"], "truncated-half.db")
        add("truncated-header", real.prefix(100), ["list"], "truncated-header.db")
        var flipped = real
        flipped[40] ^= 0xFF
        flipped[41] ^= 0xFF
        add("header-bits", flipped, ["list"], status: 0)
        // An SQLite file of another program, and a read-model store given as a ledger.
        let other = cli.path("other.db")
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hi')") }
        add("other-program", try Data(contentsOf: URL(fileURLWithPath: other)), ["list"], "not a dcl ledger")
        try FileManager.default.removeItem(atPath: other)
        #expect(try cli.run("project", "--until-caught-up", "--store", "models.db").status == 0)
        add("read-models", try cli.read("models.db"), ["history", "sales.orders"], "not a dcl ledger")
        try FileManager.default.removeItem(atPath: cli.path("models.db"))
        // header-bits flips the "file change counter" bytes, which SQLite does not trust for content: still readable.
        cases[2].mentions = []
        return cases
    }

    // MARK: - Forged envelopes in the log

    /// Copies of the ledger with one row forged the way someone with the file (and no triggers) could.
    private func forgedEnvelopeCases(_ cli: CLIHarness) throws -> [HostileCase] {
        let rows = try DatabaseQueue(path: cli.path(".dcl/ledger.db")).read {
            try Row.fetchAll($0, sql: "SELECT position, event_id, stream, sequence FROM events ORDER BY position")
        }
        let target = try #require(rows.first { ($0["stream"] as String) == "lifecycle/sales.orders" && ($0["sequence"] as Int64) == 2 })
        let position: Int64 = target["position"]
        let eventID: String = target["event_id"]
        let forgeries: [(String, String, [String])] = [
            ("payload", "UPDATE events SET payload = replace(payload, '1.1.0', '9.9.9') WHERE position = \(position)", ["content does not match its hash"]),
            ("actor", "UPDATE events SET actor = 'mallory' WHERE position = \(position)", ["content does not match its hash"]),
            ("hash", "UPDATE events SET hash = '\(String(repeating: "ab", count: 32))' WHERE position = \(position)", ["content does not match its hash"]),
            ("previous-hash", "UPDATE events SET previous_hash = '\(String(repeating: "0", count: 64))' WHERE position = \(position)", ["does not match its hash"]),
            ("sequence", "UPDATE events SET sequence = 9 WHERE position = \(position)", ["does not match its hash"]),
            ("stream", "UPDATE events SET stream = 'lifecycle/sales.other' WHERE position = \(position)", ["does not match its hash"]),
            ("type", "UPDATE events SET type = 'ContractRetired' WHERE position = \(position)", ["does not match its hash"]),
            ("schema-version", "UPDATE events SET schema_version = 7 WHERE position = \(position)", ["does not match its hash"]),
            ("occurred-at", "UPDATE events SET occurred_at = '2001-01-01T00:00:00.000Z' WHERE position = \(position)", ["does not match its hash"]),
            ("recorded-at", "UPDATE events SET recorded_at = '2001-01-01T00:00:00.000Z' WHERE position = \(position)", ["does not match its hash"]),
            ("contract-id", "UPDATE events SET contract_id = 'sales.other' WHERE position = \(position)", ["does not match its hash"]),
            ("middle-deleted", "DELETE FROM events WHERE stream = 'lifecycle/sales.orders' AND sequence = 2", ["sequence 2", "removed?"]),
            ("payload-not-json", "UPDATE events SET payload = '{not json' WHERE position = \(position)", ["position \(position)", "does not match its hash"]),
            ("time-not-a-time", "UPDATE events SET recorded_at = 'yesterday' WHERE position = \(position)", ["position \(position)", "invalid time"]),
            ("stream-unknown-kind", "UPDATE events SET stream = 'weird/x' WHERE position = \(position)", ["weird/x"]),
        ]
        var cases: [HostileCase] = []
        for (name, sql, mentions) in forgeries {
            let file = "forged-\(name).db"
            try FileManager.default.copyItem(atPath: cli.path(".dcl/ledger.db"), toPath: cli.path(file))
            let queue = try DatabaseQueue(path: cli.path(file))
            try queue.write { db in
                try db.execute(sql: "DROP TRIGGER events_are_append_only_update; DROP TRIGGER events_are_append_only_delete")
                try db.execute(sql: sql)
            }
            try queue.close()
            let unreadable = ["time-not-a-time", "stream-unknown-kind"].contains(name)
            let tampered = name != "middle-deleted" && !unreadable
            cases.append(HostileCase(name: "envelope on the log: \(name)", arguments: ["audit", "verify", "--ledger", file],
                                     files: [file: try cli.read(file)], status: unreadable ? 2 : 1,
                                     mentions: mentions + (tampered ? [eventID] : [])))
        }
        return cases
    }

    // MARK: - Envelopes as a Kafka consumer reads them (in process)

    /// Garbled record values through `EventEnvelope(jsonBytes:)`: each must fail as undecodable,
    /// naming the problem, never trap. Returns how many cases ran.
    private func inProcessEnvelopeCases(_ cli: CLIHarness) throws -> Int {
        let log = try SQLiteEventLog(path: cli.path(".dcl/ledger.db"), readOnly: true)
        defer { try? log.close() }
        let semaphore = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var events: [StoredEvent] = []
        Task {
            events = (try? await log.readAll()) ?? []
            semaphore.signal()
        }
        semaphore.wait()
        let envelope = try #require(events.first { $0.envelope.stream.kind == .lifecycle }?.envelope)
        let good = envelope.jsonValue
        guard case .object(let members) = good else { throw CLIHarness.Failure(message: "envelope is not an object") }
        #expect((try? EventEnvelope(jsonBytes: envelope.canonicalBytes)) == envelope, "the real envelope reads back")

        var inputs: [(String, [UInt8], String)] = [
            ("empty", [], "not JSON"),
            ("not JSON", Array("{envelope".utf8), "not JSON"),
            ("an array", Array("[]".utf8), "not an event envelope"),
            ("a string", Array("\"x\"".utf8), "not an event envelope"),
            ("truncated", Array(envelope.canonicalBytes.dropLast(5)), "not JSON"),
            ("trailing bytes", envelope.canonicalBytes + Array(" x".utf8), "not JSON"),
            ("invalid UTF-8", Array(envelope.canonicalBytes.prefix(20)) + [0xFF, 0xFE] + Array(envelope.canonicalBytes.dropFirst(20)), ""),
            ("deep nesting", Array(String(repeating: "[", count: 100_000).utf8), "not JSON"),
        ]
        for key in members.keys.sorted() where key != "contractId" {
            var without = members
            without[key] = nil
            inputs.append(("without \(key)", JSONValue.object(without).canonicalBytes, key))
            var wrong = members
            wrong[key] = key == "payload" ? .string("x") : .array([])
            inputs.append(("\(key) of the wrong type", JSONValue.object(wrong).canonicalBytes, key))
        }
        for (key, value) in [("sequence", JSONValue.number("0")), ("sequence", .number("-3")), ("sequence", .number("1e400")),
                             ("schemaVersion", .number("0")), ("occurredAt", .string("yesterday")), ("recordedAt", .string("2026-13-45T00:00:00Z")),
                             ("stream", .string("nope")), ("stream", .string("lifecycle/")), ("hash", .string("abc")), ("previousHash", .string("zz"))] {
            var changed = members
            changed[key] = value
            inputs.append(("\(key) = \(value.canonicalText)", JSONValue.object(changed).canonicalBytes, key))
        }
        for (name, bytes, fragment) in inputs {
            do {
                let read = try EventEnvelope(jsonBytes: bytes)
                Issue.record("\(name): read as an envelope \(read.eventId)")
            } catch {
                #expect(error.code == .undecodable, "\(name): \(error)")
                #expect(fragment.isEmpty || error.message.contains(fragment), "\(name): '\(error.message)' does not name '\(fragment)'")
            }
        }
        return inputs.count
    }
}
