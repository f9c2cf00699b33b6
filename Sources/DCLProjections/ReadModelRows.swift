import DCLApplication
import DCLDomain
import Foundation
import GRDB

/// Rows of the contract-shaped read models, rewritten whenever a contract's lifecycle changes.
enum ReadModelRows {
    /// The catalog row (without quality: the catalog reads that from `contract_quality`, so a
    /// quality result never rewrites this row), the field index and the version rows.
    static func writeContract(_ contract: ContractState, db: Database, encoder: JSONEncoder) throws {
        let entry = CatalogEntry(contract, quality: QualitySummary())
        let latest = contract.latest
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
                             entry.status, entry.isActive, entry.description,
                             String(decoding: try encoder.encode(entry.tags), as: UTF8.self), entry.createdAt, entry.updatedAt,
                             String(decoding: try encoder.encode(entry), as: UTF8.self)])
        try db.cachedStatement(sql: "DELETE FROM contract_fields WHERE contract_id = ?").execute(arguments: [entry.contractId])
        for path in entry.fields {
            let name = path.split(separator: ".").last.map(String.init) ?? path
            try db.cachedStatement(sql: "INSERT INTO contract_fields (contract_id, path, name) VALUES (?, ?, ?)").execute(arguments: [entry.contractId, path, name])
        }
        try db.cachedStatement(sql: "DELETE FROM contract_versions WHERE contract_id = ?").execute(arguments: [entry.contractId])
        for (ordinal, record) in contract.versions.enumerated() {
            let version = VersionEntry(contractId: contract.id, record: record)
            try db.cachedStatement(sql: """
                INSERT INTO contract_versions (contract_id, version, major, ordinal, sequence, recorded_at, actor, status, bump, entry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [version.contractId, version.version, version.major, ordinal, version.sequence, version.recordedAt,
                                 version.actor, version.status, version.bump,
                                 String(decoding: try encoder.encode(version), as: UTF8.self)])
        }
    }
}
