import DCLDomain

/// The governance answers the CLI and the HTTP API both give, computed once here from the read
/// side (`GovernanceQueries`), so `dcl mesh metrics --json` and `GET /api/mesh/metrics` cannot
/// drift apart.
///
/// ```swift
/// let store = try ReadModelStore(path: ".dcl/readmodels.db")
/// let maturity = try await store.meshMaturity()
/// print(maturity.maturityLevel)
/// ```
extension GovernanceQueries {
    /// The seed's mesh metrics per domain and mesh-wide.
    public func meshMetrics() async throws -> MeshMetrics {
        let (state, onTime) = try await meshState()
        return MeshMetrics(state: state, onTimeChecks: onTime)
    }

    /// The seed's `DataMeshMaturity` assessment, scored from the mesh metrics.
    public func meshMaturity() async throws -> MeshMaturity {
        MeshMaturity(metrics: try await meshMetrics())
    }

    /// Compliance per domain and mesh-wide with the policies in force (of one domain when given).
    public func complianceReport(domain: String?) async throws -> ComplianceReport {
        ComplianceReport(rows: try await compliance(domain: domain), policies: try await meshState().state.policies.keys.sorted())
    }
}
