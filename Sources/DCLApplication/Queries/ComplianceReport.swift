import DCLDomain

/// Compliance per domain and mesh-wide: the share of active contracts that meet every adopted
/// policy that applies to them, and the violations of those that do not.
///
/// ```swift
/// let report = ComplianceReport(rows: try await store.compliance(domain: nil), policies: state.policies.values.map(\.key))
/// report.mesh.share   // 0.5: one of two active contracts compliant
/// ```
public struct ComplianceReport: Sendable, Hashable, Codable {
    public struct Scope: Sendable, Hashable, Codable {
        public var name: String
        public var activeContracts: Int
        public var compliantContracts: Int
        /// nil when the scope has no active contract.
        public var share: Double?
        public var violations: [Violation]
    }

    public struct Violation: Sendable, Hashable, Codable {
        public var contractId: String
        public var policy: String
        public var path: String
        public var message: String
    }

    public var policies: [String]
    public var mesh: Scope
    public var domains: [Scope]

    public init(rows: [ComplianceRow], policies: [String]) {
        self.policies = policies.sorted()
        let active = rows.filter(\.isActive)
        mesh = ComplianceReport.scope("mesh", active)
        domains = Dictionary(grouping: active, by: \.domain).sorted { $0.key < $1.key }.map { ComplianceReport.scope($0.key, $0.value) }
    }

    static func scope(_ name: String, _ rows: [ComplianceRow]) -> Scope {
        let compliant = rows.filter(\.compliant).count
        let violations = rows.sorted { $0.contractId < $1.contractId }.flatMap { row in
            row.violations.map { Violation(contractId: row.contractId, policy: $0.policy + ($0.domain.map { "@" + $0 } ?? ""),
                                           path: $0.path, message: $0.message) }
        }
        return Scope(name: name, activeContracts: rows.count, compliantContracts: compliant,
                     share: rows.isEmpty ? nil : Double(compliant) / Double(rows.count), violations: violations)
    }
}
