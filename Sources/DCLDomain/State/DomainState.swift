/// A registered business domain (the seed's `DataDomain`). Which products it owns is derived
/// from the contracts (`LedgerState.contracts(in:)`), so the order in which domain and
/// contract streams are read never changes the answer.
public struct DomainState: Sendable, Hashable, Codable {
    public var registration: DomainRegistered
    public var registeredAt: Timestamp

    public init(registration: DomainRegistered, registeredAt: Timestamp) {
        self.registration = registration
        self.registeredAt = registeredAt
    }

    public var name: DomainName { registration.domain }
}
