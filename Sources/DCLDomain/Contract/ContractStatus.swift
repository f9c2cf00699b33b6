/// ODCS lifecycle status. A contract only moves forward:
/// `proposed → draft → active → deprecated → retired`.
public enum ContractStatus: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case proposed, draft, active, deprecated, retired

    public var rank: Int { ContractStatus.allCases.firstIndex(of: self)! }
    public static func < (lhs: ContractStatus, rhs: ContractStatus) -> Bool { lhs.rank < rhs.rank }

    /// Statuses a published document may declare; the last two are reached by their own commands.
    public static let publishable: [ContractStatus] = [.proposed, .draft, .active]

    /// True where the seed's `is_active` would be true.
    public var isActive: Bool { self == .active }
}
