import ArgumentParser
import DCLApplication
import DCLDomain
import DCLEventLog

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage the API tokens `dcl serve` accepts for writes (issuing and revoking are ledger events).",
        subcommands: [TokenCreateCommand.self, TokenRevokeCommand.self, TokenListCommand.self])
}

struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Issue an API token for one or more domains (or every domain with --admin); prints its secret once.",
        discussion: """
        The secret is printed once and never stored: the ledger records only its SHA-256, the token's name \
        (recorded as the actor of everything written with it) and its domains. Give it to the client as \
        `Authorization: Bearer SECRET`.

        Examples:
          dcl token create --domain sales --name sales-ci
          dcl token create --domain sales --domain marketing --name analytics-bot
          dcl token create --admin --name platform-team
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Option(name: .customLong("domain"), help: "A domain the token may write in (repeat for more).") var domains: [String] = []
    @Flag(help: "The token may write in every domain and set the mesh-wide compatibility mode.") var admin = false
    @Option(help: "The token's name, recorded as the actor of its writes (default: token-<id>).") var name: String?

    func validate() throws {
        if domains.isEmpty && !admin { throw ValidationError("give --domain D (one or more) or --admin") }
        if let bad = domains.first(where: { DomainName($0) == nil }) { throw ValidationError("'\(bad)' is not a domain name") }
    }

    func run() async throws {
        try await withExitCodes {
            let (secret, generated) = APITokenSecret.issue(name: name ?? "", domains: domains, admin: admin)
            var issued = generated
            if name == nil { issued.name = "token-\(issued.tokenId)" }
            try await record(.issueToken(issued), ledger: ledger, actor: actor)
            print("token \(issued.tokenId) (\(issued.name)) for \(admin ? "every domain (admin)" : domains.sorted().joined(separator: ", "))")
            print("secret (shown once; the ledger keeps only its hash): \(secret)")
        }
    }
}

struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke an API token: from now on `dcl serve` refuses it.",
        discussion: """
        Examples:
          dcl token revoke 3f9a0c12d4e5 --reason "laptop lost"
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The token id (as `dcl token list` shows it).") var id: String
    @Option(help: "Why, for the audit trail.") var reason: String?

    func run() async throws {
        try await record(.revokeToken(id: id, reason: reason), ledger: ledger, actor: actor)
    }
}

struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every API token: id, name, domains, whether revoked (never a secret).",
        discussion: """
        Examples:
          dcl token list
          dcl token list --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable {
        var tokenId: String
        var name: String
        var domains: [String]
        var admin: Bool
        var revoked: Bool
    }

    func run() async throws {
        try await withExitCodes {
            let tokens = try await ledger.openForReading()?.tokens() ?? [:]
            let rows = tokens.values.sorted { $0.tokenId < $1.tokenId }.map {
                Row(tokenId: $0.tokenId, name: $0.name, domains: $0.domains, admin: $0.admin, revoked: $0.revoked)
            }
            if json { print(try Output.json(rows)); return }
            guard !rows.isEmpty else { print("(no tokens)"); return }
            print(Output.table(["TOKEN", "NAME", "DOMAINS", "REVOKED"], rows.map {
                [$0.tokenId, $0.name, $0.admin ? "(admin: all)" : $0.domains.joined(separator: ","), $0.revoked ? "revoked" : "-"]
            }))
        }
    }
}
