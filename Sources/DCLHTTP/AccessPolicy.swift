/// Who may use the API. By default every write needs an API token (`dcl token create`) whose
/// domains cover what it writes, and reads are open.
///
/// ```swift
/// let ports = LedgerPorts(commands: service, reads: reads, access: AccessPolicy(readsNeedToken: true))
/// ```
public struct AccessPolicy: Sendable, Hashable {
    /// Accept writes without a token (their actor: the `DCL-Actor` header, else the server's).
    /// For a developer's own machine only.
    public var openWrites: Bool
    /// Refuse reads (everything but `/healthz` and `/readyz`) without a valid token.
    public var readsNeedToken: Bool

    public init(openWrites: Bool = false, readsNeedToken: Bool = false) {
        self.openWrites = openWrites
        self.readsNeedToken = readsNeedToken
    }

    /// Writes without tokens, reads open: tests and local experiments.
    public static let open = AccessPolicy(openWrites: true)
}
