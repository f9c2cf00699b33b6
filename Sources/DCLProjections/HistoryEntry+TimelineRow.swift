import DCLApplication
import DCLDomain
import Foundation
import GRDB

extension HistoryEntry {
    /// The `changes` column of the entry's `audit_timeline` row: the schema changes as JSON
    /// (only `SchemaChanged` has them), or nil.
    public var changesJSON: [UInt8]? {
        guard let changes else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Plain Codable structs of strings: encoding cannot fail.
        return Array((try? encoder.encode(changes)) ?? Data("[]".utf8))
    }

    /// The columns `ReadModelStore.timeline(of:)` selects, in the order it selects them.
    static let timelineColumns = """
        position, event_id, stream, sequence, type, schema_version, version, actor, occurred_at, recorded_at, summary,
        changes, outcome, reason, hash
        """

    /// Reads an entry back from a row of `timelineColumns`.
    init(timelineRow row: Row, decoder: JSONDecoder) throws {
        let changes: String? = row[11]
        self.init(position: row[0], eventId: row[1], stream: row[2], sequence: row[3], type: row[4], schemaVersion: row[5],
                  version: row[6], actor: row[7], occurredAt: row[8], recordedAt: row[9], summary: row[10],
                  changes: try changes.map { try decoder.decode([ContractChange].self, from: Data($0.utf8)) },
                  outcome: row[12], reason: row[13], hash: row[14])
    }
}
