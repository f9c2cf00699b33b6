import DCLApplication
import DCLDomain
import Foundation
import GRDB

/// Rows of the contract-shaped read models, rewritten whenever a contract's lifecycle changes.
public enum ReadModelRows {
    /// A changed contract's row texts, encoded before the store's write transaction (the writer
    /// connection is the one serial resource, so it should only bind and step): its fold state,
    /// its catalog entry, tags and version rows.
    public struct ContractTexts: Sendable {
        public var contract: ContractState
        public var entry: CatalogEntry
        public var stateText: String
        public var entryText: String
        public var tagsText: String
        public var versions: [(entry: VersionEntry, text: String)]

        public init(_ contract: ContractState) throws {
            let encoder = ReadModelRows.encoder()
            self.contract = contract
            entry = CatalogEntry(contract, quality: QualitySummary())
            stateText = try StoredJSONText.text(contract, encoder: encoder)
            entryText = try StoredJSONText.text(entry, encoder: encoder)
            tagsText = try StoredJSONText.text(entry.tags, encoder: encoder)
            versions = try contract.versions.map { record in
                let version = VersionEntry(contractId: contract.id, record: record)
                return (version, try StoredJSONText.text(version, encoder: encoder))
            }
        }
    }

    /// A `catalog_history` row's texts: its catalog entry and contract state.
    public struct HistoryTexts: Sendable {
        public var entry: CatalogEntry
        public var entryText: String
        public var stateText: String

        /// Reuses the contract's texts when the row's state is the one they encode (a contract
        /// changed once in the batch, the common case: a publish), else encodes its own.
        public init(_ state: ContractState, current: ContractTexts?) throws {
            if let current, current.contract == state {
                entry = current.entry
                entryText = current.entryText
                stateText = current.stateText
                return
            }
            let encoder = ReadModelRows.encoder()
            entry = CatalogEntry(state, quality: QualitySummary())
            entryText = try StoredJSONText.text(entry, encoder: encoder)
            stateText = try StoredJSONText.text(state, encoder: encoder)
        }
    }

    /// The encoder of every JSON text the store keeps (sorted keys, so equal values store equal text).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// The catalog row (without quality: the catalog reads that from `contract_quality`, so a
    /// quality result never rewrites this row), the field index and the version rows.
    static func writeContract(_ texts: ContractTexts, db: Database) throws {
        let entry = texts.entry
        let latest = texts.contract.latest
        try db.cachedStatement(sql: """
            INSERT INTO data_product_contracts (contract_id, domain, product_name, name, version, owner_email, sla_hours, freshness_sla,
                freshness_seconds, quality_threshold, schema_version, status, is_active, description, tags, created_at, updated_at, entry)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (contract_id) DO UPDATE SET domain = excluded.domain, product_name = excluded.product_name, name = excluded.name,
                version = excluded.version, owner_email = excluded.owner_email, sla_hours = excluded.sla_hours,
                freshness_sla = excluded.freshness_sla, freshness_seconds = excluded.freshness_seconds,
                quality_threshold = excluded.quality_threshold, schema_version = excluded.schema_version, status = excluded.status,
                is_active = excluded.is_active, description = excluded.description, tags = excluded.tags,
                created_at = excluded.created_at, updated_at = excluded.updated_at, entry = excluded.entry
            """).execute(arguments: [entry.contractId, entry.domain, entry.product, entry.name, entry.version, entry.owner, entry.slaHours,
                             entry.freshnessSla, latest.serviceLevel.freshness.seconds, entry.qualityThreshold, entry.schemaVersion,
                             entry.status, entry.isActive, entry.description, texts.tagsText, entry.createdAt, entry.updatedAt,
                             texts.entryText])
        try db.cachedStatement(sql: "DELETE FROM contract_fields WHERE contract_id = ?").execute(arguments: [entry.contractId])
        for path in entry.fields {
            let name = path.split(separator: ".").last.map(String.init) ?? path
            try db.cachedStatement(sql: "INSERT INTO contract_fields (contract_id, path, name) VALUES (?, ?, ?)").execute(arguments: [entry.contractId, path, name])
        }
        try db.cachedStatement(sql: "DELETE FROM contract_versions WHERE contract_id = ?").execute(arguments: [entry.contractId])
        for (ordinal, (version, text)) in texts.versions.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO contract_versions (contract_id, version, major, ordinal, sequence, recorded_at, actor, status, bump, entry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [version.contractId, version.version, version.major, ordinal, version.sequence, version.recordedAt,
                                 version.actor, version.status, version.bump, text])
        }
    }
}
