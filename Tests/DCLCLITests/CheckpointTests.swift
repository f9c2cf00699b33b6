import Foundation
import GRDB
import Testing

/// Issue #16 finding 2: a deleted tail is noticed against a signed checkpoint.
@Suite("audit checkpoints", .serialized)
struct CheckpointTests {
    /// A ledger with sales.orders (2 lifecycle events after 1.1.0), one quality result, a key and a checkpoint file.
    private func checkpointedLedger(_ cli: CLIHarness) throws {
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("orders2.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        #expect(try cli.run("publish", "orders2.yaml").status == 0)
        #expect(try cli.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed").status == 0)
        let keygen = try cli.run("audit", "keygen", "--out", "keys/audit.pem")
        #expect(keygen.status == 2, "the folder does not exist yet: \(keygen.stdout)")
        try FileManager.default.createDirectory(atPath: cli.path("keys"), withIntermediateDirectories: true)
        let made = try cli.run("audit", "keygen", "--out", "keys/audit.pem")
        #expect(made.status == 0, "\(made.stderr)")
        let checkpoint = try cli.run("audit", "checkpoint", "--key", "keys/audit.pem", "--out", "cp.json")
        #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
        #expect(checkpoint.stdout.contains("checkpoint of 5 events in 3 streams"), "\(checkpoint.stdout)")
    }

    private func deleteEvent(_ cli: CLIHarness, ledger: String, stream: String, sequence: Int) throws {
        let queue = try DatabaseQueue(path: cli.path(ledger))
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS events_are_append_only_delete")
            try db.execute(sql: "DELETE FROM events WHERE stream = ? AND sequence = ?", arguments: [stream, sequence])
            #expect(db.changesCount == 1)
        }
        try queue.close()
    }

    @Test func deletingAStreamsLastEventFromACopyIsNamedWithTheMissingSequence() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try checkpointedLedger(cli)
        #expect(try cli.run("audit", "verify").status == 0)
        try FileManager.default.copyItem(atPath: cli.path(".dcl/ledger.db"), toPath: cli.path("copy.db"))
        try deleteEvent(cli, ledger: "copy.db", stream: "lifecycle/sales.orders", sequence: 3)

        // Against the checkpoint recorded in the ledger (the default) …
        let recorded = try cli.run("audit", "verify", "--ledger", "copy.db")
        #expect(recorded.status == 1, "\(recorded.stdout)")
        #expect(recorded.stdout.contains("chain intact"), "the chain alone cannot see it: \(recorded.stdout)")
        #expect(recorded.stderr.contains("lifecycle/sales.orders #3") && recorded.stderr.contains("#3 is missing"), "\(recorded.stderr)")
        // … and against the file kept elsewhere, pinned to the auditor's public key.
        let file = try cli.run("audit", "verify", "--ledger", "copy.db", "--checkpoint", "cp.json", "--public-key", "keys/audit.pem.pub", "--json")
        #expect(file.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(file.stdout.utf8)) as? [String: Any])
        #expect(report["intact"] as? Bool == false)
        let findings = report["checkpointFindings"] as? [String] ?? []
        #expect(findings.contains { $0.hasPrefix("lifecycle/sales.orders #3: #3 is missing") }, "\(findings)")
        #expect(findings.contains { $0.contains("1 fewer events before the checkpoint's end (position 5)") }, "\(findings)")
    }

    @Test func deletingAContractsOnlyEventIsNamed() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try checkpointedLedger(cli)
        try deleteEvent(cli, ledger: ".dcl/ledger.db", stream: "quality/sales.orders", sequence: 1)
        let verify = try cli.run("audit", "verify", "--checkpoint", "cp.json")
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("quality/sales.orders #1: #1 is missing"), "\(verify.stderr)")
    }

    @Test func aForgedCheckpointOrAnotherKeyIsRefused() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try checkpointedLedger(cli)
        // Someone who can change the ledger signs a new checkpoint with their own key after deleting the tail.
        try FileManager.default.createDirectory(atPath: cli.path("mallory"), withIntermediateDirectories: true)
        #expect(try cli.run("audit", "keygen", "--out", "mallory/key.pem").status == 0)
        try deleteEvent(cli, ledger: ".dcl/ledger.db", stream: "lifecycle/sales.orders", sequence: 3)
        #expect(try cli.run("audit", "checkpoint", "--key", "mallory/key.pem", "--out", "forged.json").status == 0)
        #expect(try cli.run("audit", "verify").status == 0, "without a trusted key, the latest checkpoint is the forger's")
        let pinned = try cli.run("audit", "verify", "--public-key", "keys/audit.pem.pub")
        #expect(pinned.status == 1 && pinned.stderr.contains("not by the trusted key"), "\(pinned.stderr)")
        #expect(try cli.run("audit", "verify", "--checkpoint", "cp.json", "--public-key", "keys/audit.pem.pub").status == 1)
        // A statement altered after signing does not verify.
        var text = try String(contentsOfFile: cli.path("cp.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\\\"eventCount\\\":5", with: "\\\"eventCount\\\":4")
        try text.write(toFile: cli.path("altered.json"), atomically: true, encoding: .utf8)
        let altered = try cli.run("audit", "verify", "--checkpoint", "altered.json")
        #expect(altered.status == 1 && altered.stderr.contains("signature does not verify"), "\(altered.stderr)")
    }

    @Test func checkpointsAreEventsAndKeysStayOutsideTheLedger() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try checkpointedLedger(cli)
        let rows = try DatabaseQueue(path: cli.path(".dcl/ledger.db")).read {
            try Row.fetchAll($0, sql: "SELECT stream, sequence, type FROM events WHERE type = 'AuditCheckpointRecorded'")
        }
        #expect(rows.count == 1)
        #expect(rows.first?["stream"] == "governance/audit")
        #expect(try cli.run("audit", "keygen", "--out", "keys/audit.pem").status == 2, "a key is never overwritten")
        #expect(try cli.run("audit", "keygen", "--out", ".dcl/key.pem").status == 0)
        let inside = try cli.run("audit", "checkpoint", "--key", ".dcl/key.pem")
        #expect(inside.status == 2 && inside.stderr.contains("ledger's folder"), "\(inside.stderr)")
        let noKey = try cli.run("audit", "checkpoint")
        #expect(noKey.status == 2 && noKey.stderr.contains("DCL_AUDIT_KEY"))
        #expect(try cli.run(["audit", "checkpoint", "--out", "cp2.json"], environment: ["DCL_AUDIT_KEY": "keys/audit.pem"]).status == 0)
        #expect(try cli.run("audit", "verify", "--public-key", "keys/audit.pem.pub").status == 0)
        // Readers fold the new event type: the contract reads as before.
        #expect(try cli.run("list").stdout.contains("sales.orders"))
        #expect(try cli.run("catalog").status == 0)
    }

    /// A checkpoint of the first format named its end as a position; on the embedded ledger that
    /// is the same place as the cursor after it, so it is still compared in full.
    @Test func aFormatOneCheckpointStillVerifiesOnTheEmbeddedLedger() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try checkpointedLedger(cli)
        var statement = try CheckpointFiles.statement(of: "cp.json", cli)
        let end = try #require((statement["end"] as? [String: Int])?[""])
        #expect(end == 6 && statement["eventCount"] as? Int == 5, "\(statement)")
        statement["format"] = "dcl-audit-checkpoint/1"
        statement["endPosition"] = end - 1
        statement["end"] = nil
        try CheckpointFiles.sign(statement, as: "v1.json", cli)
        let intact = try cli.run("audit", "verify", "--checkpoint", "v1.json", "--public-key", "keys/audit.pem.pub")
        #expect(intact.status == 0 && intact.stdout.contains("checkpoint intact") && !intact.stdout.contains("note:"), "\(intact.stdout)\(intact.stderr)")
        try deleteEvent(cli, ledger: ".dcl/ledger.db", stream: "quality/sales.orders", sequence: 1)
        let verify = try cli.run("audit", "verify", "--checkpoint", "v1.json", "--json")
        #expect(verify.status == 1)
        let findings = try CheckpointFiles.report(verify)["checkpointFindings"] as? [String] ?? []
        #expect(findings.contains { $0.hasPrefix("quality/sales.orders #1: #1 is missing") }, "\(findings)")
        #expect(findings.contains { $0.contains("1 fewer events before the checkpoint's end (position 5)") }, "\(findings)")
    }

    /// A checkpoint too large for one event is recorded in parts, each signed; the latest one is
    /// read back whole and still names a deleted tail.
    @Test func aCheckpointRecordedInPartsIsReadBackWhole() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try checkpointedLedger(cli)
        #expect(try cli.run("audit", "checkpoint", "--key", "keys/audit.pem", "--out", "tiny.json", "--part-bytes", "100").status == 2)
        let parted = try cli.run("audit", "checkpoint", "--key", "keys/audit.pem", "--out", "parted.json", "--part-bytes", "400")
        #expect(parted.status == 0, "\(parted.stderr)")
        let count = try #require(parted.stdout.firstMatch(of: /\((\d+) parts\)/).flatMap { Int($0.1) }, "\(parted.stdout)")
        #expect(count >= 2 && parted.stdout.contains("recorded as governance/audit#2…#\(count + 1)"), "\(parted.stdout)")
        let rows = try DatabaseQueue(path: cli.path(".dcl/ledger.db")).read {
            try String.fetchAll($0, sql: "SELECT payload FROM events WHERE type = 'AuditCheckpointRecorded' ORDER BY position")
        }
        #expect(rows.count == count + 1 && rows.allSatisfy { $0.utf8.count < 1200 }, "each part is one small event")
        let verify = try cli.run("audit", "verify", "--public-key", "keys/audit.pem.pub")
        #expect(verify.status == 0 && verify.stdout.contains("checkpoint intact: every stream reaches the head recorded by the checkpoint recorded at governance/audit#2…#\(count + 1)"),
                "\(verify.stdout)\(verify.stderr)")
        try deleteEvent(cli, ledger: ".dcl/ledger.db", stream: "lifecycle/sales.orders", sequence: 3)
        let tampered = try cli.run("audit", "verify")
        #expect(tampered.status == 1 && tampered.stderr.contains("lifecycle/sales.orders #3: #3 is missing"), "\(tampered.stdout)\(tampered.stderr)")
    }

    /// docs/security.md tells auditors to check a checkpoint with openssl, jq and sqlite3; do exactly that.
    @Test func theDocumentedOfflineCheckWorksWithStandardTools() throws {
        let tools = ["/usr/bin/openssl", "/usr/bin/jq", "/usr/bin/sqlite3"]
        guard tools.allSatisfy(FileManager.default.isExecutableFile(atPath:)) else { return }
        let cli = try CLIHarness()
        defer { cli.remove() }
        try checkpointedLedger(cli)
        let script = """
            set -e
            jq -j .statement cp.json > statement.json
            jq -r .signature cp.json | base64 -d > statement.sig
            openssl pkeyutl -verify -pubin -inkey keys/audit.pem.pub -rawin -in statement.json -sigfile statement.sig
            jq -r '.heads[] | "\\(.stream) \\(.sequence) \\(.hash)"' statement.json | sort > expected.txt
            END=$(jq -r '.end[""]' statement.json)
            sqlite3 -readonly .dcl/ledger.db "SELECT stream, MAX(sequence), hash FROM events WHERE position < $END GROUP BY stream" \
              | tr '|' ' ' | sort > actual.txt
            diff expected.txt actual.txt
            test "$(sqlite3 -readonly .dcl/ledger.db "SELECT COUNT(*) FROM events WHERE position < $END")" = "$(jq -r .eventCount statement.json)"
            echo offline-ok
            """
        let result = try cli.runExecutable("/bin/sh", ["-c", script])
        #expect(result.status == 0 && result.stdout.contains("Signature Verified Successfully") && result.stdout.contains("offline-ok"),
                "\(result.stdout) \(result.stderr)")
    }
}
