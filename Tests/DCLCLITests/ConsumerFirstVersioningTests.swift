import Foundation
import Testing

/// Must-show of issue #14 (and #17 item 5): under the default configuration a change that breaks
/// consumers needs a major version, the output names each change once with the version to use,
/// and an accepted major never says the mode "forbids" it.
@Suite("consumer-first semantic versions", .serialized)
struct ConsumerFirstVersioningTests {
    @Test func removingARequiredFieldUnderAMinorIsRejectedAndSaysWhichVersionToUse() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("v1.yaml", ContractTexts.orders())
        try cli.write("minor.yaml", ContractTexts.orders(version: "1.1.0", removeAmount: true))
        try cli.write("major.yaml", ContractTexts.orders(version: "2.0.0", removeAmount: true))
        try cli.write("added.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try cli.run("publish", "v1.yaml").status == 0)
        let before = try cli.read(".dcl/ledger.db")

        let check = try cli.run("check", "minor.yaml")
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("mode FORWARD_TRANSITIVE: computed MAJOR, declared MINOR"), "\(check.stdout)")
        #expect(check.stdout.contains("publish it as 2.0.0"), "\(check.stdout)")
        // One line per change: the removal appears once among the reasons, graded MAJOR.
        let reasons = check.stdout.components(separatedBy: "would be REJECTED")[0]
        let removalLines = reasons.components(separatedBy: "\n").filter { $0.contains("fieldRemoved orders.amount") }
        #expect(removalLines.count == 1 && removalLines[0].contains("MAJOR:") && removalLines[0].contains("[breaking-for-consumers]"),
                "\(removalLines)")
        #expect(!check.stdout.contains("forbids it"))

        let publish = try cli.run("publish", "minor.yaml")
        #expect(publish.status == 1 && publish.stderr.contains("publish it as 2.0.0"), "\(publish.stderr)")
        #expect(try cli.read(".dcl/ledger.db") == before, "a rejected publish must leave the ledger unchanged")

        // --json on a rejection still prints the decision.
        let json = try cli.run("check", "minor.yaml", "--json")
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["accepted"] as? Bool == false && object["computedBump"] as? String == "MAJOR")
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.contains { $0["kind"] as? String == "fieldRemoved" && $0["path"] as? String == "orders.amount"
            && $0["grade"] as? String == "breaking-for-consumers" })

        // An optional field under a minor bump is fine.
        let added = try cli.run("check", "added.yaml")
        #expect(added.status == 0 && added.stdout.contains("would be accepted"), "\(added.stdout)\(added.stderr)")

        // The right major is accepted, says so, and does not claim the mode forbids it.
        let major = try cli.run("publish", "major.yaml")
        #expect(major.status == 0, "\(major.stderr)")
        #expect(major.stdout.contains("declared MAJOR") && !major.stdout.contains("forbids"), "\(major.stdout)")
        let history = try cli.run("history", "sales.orders", "--json")
        #expect(history.stdout.contains("breaking-for-consumers"), "the stored SchemaChanged carries grades")
    }

    @Test func badInputWithJSONStillPrintsJSON() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("broken.yaml", "apiVersion: v3.1.0\nkind: DataContract\n")
        let result = try cli.run("check", "broken.yaml", "--json")
        #expect(result.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["exitCode"] as? Int == 2 && (object["error"] as? String)?.contains("broken.yaml") == true)
    }

    @Test func checkOldNewJudgesQualityAndSLA() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let strict = ContractTexts.orders() + "slaProperties:\n  - property: frequency\n    value: 1\n    unit: d\n"
        try cli.write("old.yaml", strict)
        try cli.write("looser.yaml", strict.replacingOccurrences(of: "value: 1\n", with: "value: 3\n"))
        try cli.write("no-unique.yaml", strict.replacingOccurrences(of: "        quality:\n          - metric: duplicateValues\n            mustBe: 0\n", with: ""))
        for file in ["looser.yaml", "no-unique.yaml"] {
            for mode in ["NONE", "BACKWARD", "FORWARD_TRANSITIVE"] {
                let result = try cli.run("check", "old.yaml", file, "--mode", mode)
                #expect(result.status == 1, "\(file) under \(mode): \(result.stdout)\(result.stderr)")
            }
        }
        #expect(try cli.run("check", "old.yaml", "old.yaml").status == 0)
    }
}

/// `dcl check NEW --against OLDER...|FOLDER`: one process checks a whole history.
@Suite("check against a history of files", .serialized)
struct CheckAgainstHistoryTests {
    static func wide(_ version: Int, extraRequired: Bool = false) -> String {
        var fields = (0..<20).map { #"{"name":"f\#($0)","type":"string"}"# }
        fields += (0..<version).map { #"{"name":"added\#($0)","type":["null","string"],"default":null}"# }
        if extraRequired { fields.append(#"{"name":"legacy","type":"int"}"#) }
        return #"{"type":"record","name":"Wide","fields":[\#(fields.joined(separator: ","))]}"#
    }

    @Test func aFolderOfOlderSchemasIsCheckedTransitively() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try FileManager.default.createDirectory(at: cli.folder.appendingPathComponent("older"), withIntermediateDirectories: true)
        for version in 0..<5 { try cli.write("older/v\(version).avsc", Self.wide(version)) }
        try cli.write("new.avsc", Self.wide(5))
        let ok = try cli.run("check", "new.avsc", "--against", "older", "--mode", "full_transitive", "--json")
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        #expect((object["compared"] as? [String])?.count == 5)

        // The oldest version had a required field the new one lacks: its readers cannot read new data.
        try cli.write("older/v0.avsc", Self.wide(0, extraRequired: true))
        let broken = try cli.run("check", "new.avsc", "--against", "older", "--mode", "forward_transitive")
        #expect(broken.status == 1 && broken.stdout.contains("older/v0.avsc") && broken.stdout.contains("READER_FIELD_MISSING_DEFAULT_VALUE"),
                "\(broken.stdout)")
        // A non-transitive mode compares with the latest only (the last file by name).
        #expect(try cli.run("check", "new.avsc", "--against", "older", "--mode", "forward").status == 0)
        // Files in the order given.
        #expect(try cli.run("check", "new.avsc", "--against", "older/v3.avsc", "older/v4.avsc").status == 0)
        #expect(try cli.run("check", "new.avsc", "--against", "missing").status == 2)
    }

    /// Older files are parsed two at a time in slices of 64; findings and errors still follow the files' order.
    @Test func aLongHistoryIsReadInOrderAcrossSlices() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try FileManager.default.createDirectory(at: cli.folder.appendingPathComponent("older"), withIntermediateDirectories: true)
        func name(_ version: Int) -> String { "older/v" + String(format: "%03d", version) + ".avsc" }
        for version in 0..<70 { try cli.write(name(version), Self.wide(0, extraRequired: version == 65 || version == 3)) }
        try cli.write("new.avsc", Self.wide(1))
        let run = try cli.run("check", "new.avsc", "--against", "older", "--mode", "forward_transitive", "--json")
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((object["compared"] as? [String])?.count == 70)
        var olders: [String] = []
        for finding in (object["findings"] as? [[String: Any]]) ?? [] {
            if let older = finding["older"] as? String, olders.last != older { olders.append(older) }
        }
        #expect(olders == [name(3), name(65)], "\(olders)")

        // Two unreadable files: the error names the first in order, as a one-by-one read would.
        try cli.write(name(10), "{")
        try cli.write(name(40), "{")
        let bad = try cli.run("check", "new.avsc", "--against", "older", "--mode", "forward_transitive")
        #expect(bad.status == 2 && bad.stderr.contains(name(10)) && !bad.stderr.contains(name(40)), "\(bad.stderr)")
        // The same for OLD NEW, read side by side: the first file's error wins.
        try cli.write("broken.avsc", "[")
        let pair = try cli.run("check", name(40), "broken.avsc")
        #expect(pair.status == 2 && pair.stderr.contains(name(40)) && !pair.stderr.contains("broken.avsc"), "\(pair.stderr)")
    }
}
