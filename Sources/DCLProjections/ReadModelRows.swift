import DCLApplication
import DCLDomain
import DCLEventLog
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

    /// A batch's contract row texts: one `ContractTexts` per changed contract (sorted by id) and
    /// one `HistoryTexts` per `contractHistory` row, in the same order.
    public struct BatchTexts: Sendable {
        public var contracts: [ContractTexts]
        public var history: [HistoryTexts]

        /// Encodes them on every core. A history row of a state its contract's texts encode (a
        /// contract that changed once in the batch) takes those instead of encoding it again.
        public init(_ batch: ProjectionBatch) throws {
            contracts = try ParallelMap.map(batch.changedContracts.sorted(), minimumChunk: 16) { id in
                Result { try batch.state.contracts[id].map(ContractTexts.init) }
            }.compactMap { try $0.get() }
            let textsByContract = Dictionary(uniqueKeysWithValues: contracts.map { ($0.contract.id, $0) })
            history = try ParallelMap.map(batch.contractHistory, minimumChunk: 16) { row in
                Result { try HistoryTexts(row.state, current: textsByContract[row.state.id]) }
            }.map { try $0.get() }
        }
    }

    /// The encoder of every JSON text the store keeps (sorted keys, so equal values store equal text).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// The statements that write a changed contract's rows, prepared once per commit: a rebuild's
    /// first batches publish thousands of contracts, and binding each row's values through
    /// `StatementArguments` (boxed one by one, the statement looked up again by its SQL text)
    /// cost as much as SQLite's own work, on the one connection everything else waits for.
    struct ContractWriters {
        let state: RowWriter
        let catalog: RowWriter
        let clearFields: RowWriter
        let field: RowWriter
        let clearVersions: RowWriter
        let version: RowWriter

        init(_ db: Database) throws {
            state = try RowWriter(db, sql: """
                INSERT INTO fold_contracts (contract_id, state) VALUES (?, ?)
                ON CONFLICT (contract_id) DO UPDATE SET state = excluded.state
                """)
            catalog = try RowWriter(db, sql: """
                INSERT INTO data_product_contracts (contract_id, domain, product_name, name, version, owner_email, sla_hours, freshness_sla,
                    freshness_seconds, quality_threshold, schema_version, status, is_active, description, tags, created_at, updated_at, entry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (contract_id) DO UPDATE SET domain = excluded.domain, product_name = excluded.product_name, name = excluded.name,
                    version = excluded.version, owner_email = excluded.owner_email, sla_hours = excluded.sla_hours,
                    freshness_sla = excluded.freshness_sla, freshness_seconds = excluded.freshness_seconds,
                    quality_threshold = excluded.quality_threshold, schema_version = excluded.schema_version, status = excluded.status,
                    is_active = excluded.is_active, description = excluded.description, tags = excluded.tags,
                    created_at = excluded.created_at, updated_at = excluded.updated_at, entry = excluded.entry
                """)
            clearFields = try RowWriter(db, sql: "DELETE FROM contract_fields WHERE contract_id = ?")
            field = try RowWriter(db, sql: "INSERT INTO contract_fields (contract_id, path, name) VALUES (?, ?, ?)")
            clearVersions = try RowWriter(db, sql: "DELETE FROM contract_versions WHERE contract_id = ?")
            version = try RowWriter(db, sql: """
                INSERT INTO contract_versions (contract_id, version, major, ordinal, sequence, recorded_at, actor, status, bump, entry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        }
    }

    /// The contract's fold state, its catalog row (without quality: the catalog reads that from
    /// `contract_quality`, so a quality result never rewrites this row), the field index and the
    /// version rows.
    static func writeContract(_ texts: ContractTexts, with writers: ContractWriters) throws {
        let entry = texts.entry
        writers.state.bind(1, entry.contractId)
        writers.state.bind(2, texts.stateText)
        try writers.state.run()
        let catalog = writers.catalog
        catalog.bind(1, entry.contractId)
        catalog.bind(2, entry.domain)
        catalog.bind(3, entry.product)
        catalog.bind(4, entry.name)
        catalog.bind(5, entry.version)
        catalog.bind(6, entry.owner)
        catalog.bind(7, Int64(entry.slaHours))
        catalog.bind(8, entry.freshnessSla)
        catalog.bind(9, texts.contract.latest.serviceLevel.freshness.seconds)
        catalog.bind(10, entry.qualityThreshold)
        catalog.bind(11, entry.schemaVersion)
        catalog.bind(12, entry.status)
        catalog.bind(13, entry.isActive)
        catalog.bind(14, entry.description)
        catalog.bind(15, texts.tagsText)
        catalog.bind(16, entry.createdAt)
        catalog.bind(17, entry.updatedAt)
        catalog.bind(18, texts.entryText)
        try catalog.run()
        writers.clearFields.bind(1, entry.contractId)
        try writers.clearFields.run()
        for path in entry.fields {
            writers.field.bind(1, entry.contractId)
            writers.field.bind(2, path)
            writers.field.bind(3, path.split(separator: ".").last.map(String.init) ?? path)
            try writers.field.run()
        }
        writers.clearVersions.bind(1, entry.contractId)
        try writers.clearVersions.run()
        for (ordinal, (version, text)) in texts.versions.enumerated() {
            let row = writers.version
            row.bind(1, version.contractId)
            row.bind(2, version.version)
            row.bind(3, Int64(version.major))
            row.bind(4, Int64(ordinal))
            row.bind(5, version.sequence)
            row.bind(6, version.recordedAt)
            row.bind(7, version.actor)
            row.bind(8, version.status)
            row.bind(9, version.bump)
            row.bind(10, text)
            try row.run()
        }
    }
}
