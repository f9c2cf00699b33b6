/// A governance decision: which compatibility mode applies globally, to a domain, or to one
/// contract. The most specific setting wins (contract, then domain, then global, then BACKWARD).
public struct CompatibilityConfigured: Sendable, Hashable, Codable {
    public static let typeName = "CompatibilityConfigured"
    public static let schemaVersion = 1

    public enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
        case global, domain, contract
    }

    public var scope: Scope
    /// The domain name or contract id; `global` for the global scope.
    public var subject: String
    public var mode: CompatibilityMode

    public init(scope: Scope, subject: String, mode: CompatibilityMode) {
        self.scope = scope
        self.subject = scope == .global ? "global" : subject
        self.mode = mode
    }

    /// Global settings live on `governance/global`, domain ones on the domain's stream,
    /// contract ones on the contract's lifecycle stream (with its versions).
    public var stream: StreamID {
        switch scope {
        case .global: return StreamID(kind: .governance, subject: "global")
        case .domain: return StreamID(kind: .domain, subject: subject)
        case .contract: return StreamID(kind: .lifecycle, subject: subject)
        }
    }
}
