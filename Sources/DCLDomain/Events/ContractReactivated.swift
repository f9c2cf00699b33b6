/// The owner took back a deprecation (it was a mistake, or the replacement fell through): the
/// contract returns to the status its latest version was published with and takes new versions
/// and results again. The deprecation stays in the history; this event is recorded after it.
///
/// ```swift
/// let event = ContractReactivated(contractId: ContractID("sales.orders")!, version: SemanticVersion("1.2.0")!,
///                                 status: .active, reason: "deprecated by mistake; orders_v2 is not ready")
/// LedgerEvent.contractReactivated(event).typeName  // "ContractReactivated"
/// ```
public struct ContractReactivated: Sendable, Hashable, Codable {
    public static let typeName = "ContractReactivated"
    public static let schemaVersion = 1

    public var contractId: ContractID
    /// The latest version when it was reactivated (as `ContractDeprecated.version`).
    public var version: SemanticVersion
    /// The status it returns to: the latest version's published status (usually `active`).
    public var status: ContractStatus
    /// Why, for the consumers who saw the deprecation.
    public var reason: String

    public init(contractId: ContractID, version: SemanticVersion, status: ContractStatus, reason: String) {
        self.contractId = contractId
        self.version = version
        self.status = status
        self.reason = reason
    }
}
