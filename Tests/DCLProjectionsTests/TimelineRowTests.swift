import DCLApplication
import DCLDomain
@testable import DCLProjections
import Foundation
import Testing

/// The timeline stores each entry as JSON written member by member; `JSONDecoder` (what the
/// timeline query uses) must read back exactly the entry that was written.
@Suite("timeline rows")
struct TimelineRowTests {
    @Test(arguments: [false, true])
    func timelineRowReadsBackAsTheSameEntry(full: Bool) throws {
        let entry = HistoryEntry(
            position: 42, eventId: "e-\"quoted\"", stream: "lifecycle/sales.orders", sequence: 7, type: "SchemaChanged", schemaVersion: 1,
            version: full ? "2.0.0" : nil, actor: "ana@company.com", occurredAt: "2026-01-02T03:04:05.006Z",
            recordedAt: "2026-01-02T03:04:06.000Z", summary: "schema: removed orders.amount\nline two ✓",
            changes: full ? [ContractChange(kind: .fieldRemoved, path: "orders.amount", old: "decimal(12,2)", new: nil)] : nil,
            outcome: full ? "rejected" : "accepted", reason: full ? "sequence 7 was already taken" : nil, hash: String(repeating: "ab", count: 32))
        let json = entry.timelineRowJSON
        #expect(try JSONDecoder().decode(HistoryEntry.self, from: Data(json)) == entry)
        // Absent optionals are left out, as JSONEncoder leaves them out.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        #expect(object.keys.contains("reason") == full)
        #expect(object.keys.contains("changes") == full)
        #expect(object.keys.contains("version") == full)
    }
}

@Suite("quality rows")
struct QualityRowTests {
    @Test func storedSummaryReadsBackAsTheSameSummary() throws {
        var summary = QualitySummary()
        #expect(try JSONDecoder().decode(QualitySummary.self, from: Data(summary.storedJSON)) == summary)
        let id = ContractID("sales.orders")!
        for minute in 0..<7 {
            summary.record(QualityCheckRecorded(contractId: id, rule: minute % 2 == 0 ? "not_null_id" : "row \"count\"", passed: minute % 3 != 0,
                                                value: minute == 4 ? nil : NumericLiteral("0.\(minute)5"),
                                                observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(minute) * 60_000)))
        }
        let decoded = try JSONDecoder().decode(QualitySummary.self, from: Data(summary.storedJSON))
        #expect(decoded == summary)
        #expect(decoded.rules.count == 2)
    }
}
