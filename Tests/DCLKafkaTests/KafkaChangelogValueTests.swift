import DCLApplication
@testable import DCLKafka
import Foundation
import Testing

/// The changelog's values must stay the bytes `JSONEncoder` (sorted keys, `/` not escaped) writes:
/// a consumer compares them, and a rebuild republishes values a consumer already has.
@Suite("Kafka changelog and notification values as JSONEncoder writes them")
struct KafkaChangelogValueTests {
    static let awkward = "a/b \\ \"q\" \u{0}\u{8}\u{c}\n\r\t\u{1b}\u{1f} é ✓ \u{7f}\u{2028} 😀 </script>"

    static func reference<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func entry(description: String?, qualityScore: String?) throws -> CatalogEntry {
        var fields: [String: Any] = [
            "contractId": "sales.orders/eu", "domain": "sales", "product": awkward, "name": "Orders \"EU\"", "version": "1.2.3",
            "schemaVersion": "2.0.0", "status": "active", "isActive": true, "owner": "ana@example.com", "slaHours": 4,
            "freshnessSla": "1d", "qualityThreshold": "0.99", "tags": ["pii", awkward, ""], "fields": ["id", "customer/name", awkward],
            "versions": 3, "totalChecks": 12, "passedChecks": 11, "createdAt": "2026-11-01T00:00:00.000Z", "updatedAt": "2026-11-02T00:00:00.000Z",
        ]
        if let description { fields["description"] = description }
        if let qualityScore { fields["qualityScore"] = qualityScore; fields["lastChecked"] = "2026-11-02T01:00:00.000Z" }
        return try JSONDecoder().decode(CatalogEntry.self, from: JSONSerialization.data(withJSONObject: fields))
    }

    @Test("catalog entries and quality summaries: JSONEncoder's bytes, written without it")
    func valuesAreJSONEncodersBytes() throws {
        let entries = [try Self.entry(description: Self.awkward, qualityScore: "0.9167"), try Self.entry(description: nil, qualityScore: nil)]
        for entry in entries {
            #expect(try KafkaChangelogSink.value(of: entry) == Self.reference(entry))
            #expect(SortedJSONEncoder.text(entry, escapingSlashes: false) != nil, "the catalog entry went to JSONEncoder")
            let quality = QualityChangelogValue(
                contractId: entry.contractId, totalChecks: entry.totalChecks, passedChecks: entry.passedChecks, qualityScore: entry.qualityScore,
                slaAdherence: entry.qualityScore == nil ? nil : "1.0000", lastChecked: entry.lastChecked, freshnessSla: Self.awkward,
                freshUntil: entry.lastChecked)
            #expect(try KafkaChangelogSink.value(of: quality) == Self.reference(quality))
            #expect(SortedJSONEncoder.text(quality, escapingSlashes: false) != nil, "the quality summary went to JSONEncoder")
        }
        // Notifications are written the same way.
        for eventId in [Optional("e/1"), nil] {
            let notification = GovernanceNotification(position: 7, contractId: "sales.orders/eu", kind: .breakingChange, version: "2.0.0",
                                                      message: Self.awkward, consumers: ["finance/reporting", Self.awkward],
                                                      recordedAt: "2026-11-02T00:00:00.000Z", eventId: eventId)
            #expect(try KafkaNotificationSink.value(of: notification) == Self.reference(notification))
            #expect(SortedJSONEncoder.text(notification, escapingSlashes: false) != nil, "the notification went to JSONEncoder")
        }
        // Slashes as the changelog writes them, and as the store's row texts do.
        let text = String(decoding: try KafkaChangelogSink.value(of: entries[0]), as: UTF8.self)
        #expect(text.contains("\"contractId\":\"sales.orders/eu\""))
        #expect(String(decoding: try #require(SortedJSONEncoder.text(entries[0])), as: UTF8.self).contains(#""contractId":"sales.orders\/eu""#))
    }
}
