import ArgumentParser
import DCLApplication
import DCLDomain
import DCLODCS
import DCLProjections
import Foundation

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Federated governance as code: adopt, retire, test and replay policies; see compliance.",
        discussion: """
        A policy is a small YAML file (docs/governance.md): required description, owner, SLA and quality rules; \
        personal-data rules (classified, described, masked); naming conventions; allowed tags; maximum freshness; \
        minimum quality threshold; allowed compatibility modes; consumer sign-off for breaking versions. Adopted \
        mesh-wide or for one domain, it is enforced at every publish: a version that breaks it is refused (exit 1) \
        naming each policy and path.

        Examples:
          dcl policy adopt pii.policy.yaml --domain sales --reason "GDPR review 2026-11"
          dcl policy replay pii.policy.yaml            which stored versions would fail it, before adopting
          dcl policy test orders.odcs.yaml             would this contract pass the policies in force?
          dcl policy compliance --domain sales
          dcl policy retire pii-classified --domain sales --reason "replaced by pii-strict"
        """,
        subcommands: [PolicyAdoptCommand.self, PolicyRetireCommand.self, PolicyListCommand.self, PolicyTestCommand.self,
                      PolicyReplayCommand.self, PolicyComplianceCommand.self])
}

/// Reading policy files with errors that name the file and line (exit 2).
enum PolicyFiles {
    static func read(_ file: String) throws -> Policy {
        let text = try InputFile.readText(file, maxBytes: 1 << 20)
        do { return try PolicyReader.read(yaml: text, file: file) } catch { throw CLIError.badInput(error.description) }
    }

    static func domain(_ text: String?) throws -> String? {
        guard let text else { return nil }
        guard DomainName(text) != nil else { throw CLIError.badInput("--domain '\(text)' is not a domain name") }
        return text
    }
}

struct PolicyAdoptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Adopt a policy file mesh-wide, or for one domain (recorded as PolicyAdopted).",
        discussion: """
        From then on every publish the policy applies to must meet it. Adopting a policy of the same name for the \
        same scope again replaces it. Run `dcl policy replay FILE` first to see what it would refuse.

        Examples:
          dcl policy adopt policies/pii.policy.yaml --domain sales --reason "GDPR review"
          dcl policy adopt policies/baseline.policy.yaml --actor governance-council
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The policy file (YAML).") var file: String
    @Option(help: "Adopt it for this domain only (default: the whole mesh).") var domain: String?
    @Option(help: "Why it is adopted (kept with the event).") var reason: String?

    func run() async throws {
        try await withExitCodes {
            let policy = try PolicyFiles.read(file)
            try await record(.adoptPolicy(PolicyAdopted(policy: policy, domain: try PolicyFiles.domain(domain), reason: reason)),
                             ledger: ledger, actor: actor)
        }
    }
}

struct PolicyRetireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Retire an adopted policy (recorded as PolicyRetired); publishes no longer have to meet it.",
        discussion: """
        Examples:
          dcl policy retire pii-classified --domain sales --reason "replaced by pii-strict"
          dcl policy retire baseline
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The policy's name.") var name: String
    @Option(help: "The domain it was adopted for (default: the mesh-wide one).") var domain: String?
    @Option(help: "Why it is retired.") var reason: String?

    func run() async throws {
        try await withExitCodes {
            try await record(.retirePolicy(PolicyRetired(name: name, domain: try PolicyFiles.domain(domain), reason: reason)),
                             ledger: ledger, actor: actor)
        }
    }
}

struct PolicyListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The policies in force: name, scope, who adopted them, when and why.",
        discussion: """
        Examples:
          dcl policy list
          dcl policy list --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            let adopted = try await ledger.openForReading()?.policies().values.sorted { $0.key < $1.key } ?? []
            if json { print(try Output.json(adopted)); return }
            if adopted.isEmpty { print("no policy is adopted (adopt one with: dcl policy adopt FILE [--domain D])"); return }
            print(Output.table(["policy", "scope", "adopted by", "adopted at", "reason"], adopted.map {
                [$0.policy.name, $0.domain.map { "domain \($0)" } ?? "mesh", $0.adoptedBy, $0.adoptedAt.iso8601, $0.reason ?? ""]
            }))
        }
    }
}

struct PolicyTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Dry run: would these contract files pass the policies in force (and --policy FILE)? Writes nothing.",
        discussion: """
        Each contract is checked against the policies adopted for its domain and mesh-wide, plus the policy files \
        given with --policy (not adopted yet). Exit 0 when every contract passes, 1 when one breaks a policy, 2 on \
        bad input.

        Examples:
          dcl policy test orders.odcs.yaml
          dcl policy test contracts/*.yaml --policy policies/pii.policy.yaml
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var defaults: ContractDefaultsOptions
    @Argument(help: "ODCS contract files.") var files: [String]
    @Option(name: .customLong("policy"), help: "A policy file to test as if adopted mesh-wide (repeat for more).") var policies: [String] = []
    @Flag(help: "Print JSON.") var json = false

    struct Result: Encodable {
        var file: String
        var contractId: String
        var version: String
        var passed: Bool
        var violations: [PolicyViolation]
    }

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one contract file") }
    }

    func run() async throws {
        try await withExitCodes {
            let extra = try policies.map(PolicyFiles.read)
            var results: [Result] = []
            let service = try ledger.openForReading()
            for file in files {
                let read = try ContractFiles.read(file, defaults: try defaults.resolved())
                let command = LedgerCommand.publishContract(read.contract, document: read.document, original: read.original)
                var state = try await service?.focusedSnapshot(for: [command]).state ?? LedgerState()
                for policy in extra {
                    state.policies["test:" + policy.name] = AdoptedPolicy(policy: policy, domain: nil, reason: nil,
                                                                          adoptedAt: Timestamp(millisecondsSinceEpoch: 0), adoptedBy: "")
                }
                let violations = Ledger.governanceReview(read.contract, document: read.document, changes: [], state: state).violations
                results.append(Result(file: file, contractId: read.contract.id.rawValue, version: read.contract.version.description,
                                      passed: violations.isEmpty, violations: violations))
            }
            if json {
                print(try Output.json(results))
            } else {
                for result in results {
                    print("\(result.file): \(result.contractId) \(result.version) " + (result.passed ? "passes every policy" : "breaks \(result.violations.count) policy rule(s):"))
                    for violation in result.violations { print("  - \(violation)") }
                }
            }
            let failing = results.filter { !$0.passed }.count
            if failing > 0 { throw CLIError.rejected("\(failing) of \(results.count) contract(s) break a policy") }
        }
    }
}

struct PolicyReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Retroactive replay: which stored versions and current contracts would fail a policy file, before anyone adopts it.",
        discussion: """
        Every version the ledger holds is checked as it was published (its own document), and every contract's \
        current state (status and owner as later events left them) under the compatibility mode in force. Exit 0 \
        when nothing fails, 1 when something would, 2 on bad input.

        Examples:
          dcl policy replay policies/pii.policy.yaml
          dcl policy replay policies/pii.policy.yaml --domain sales --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Argument(help: "The policy file (YAML).") var file: String
    @Option(help: "Only the contracts of this domain (as if adopted for it).") var domain: String?
    @Flag(help: "Print JSON.") var json = false

    struct Failure: Encodable {
        var contractId: String
        var version: String
        var current: Bool
        var violations: [PolicyViolation]
    }

    struct Result: Encodable {
        var policy: String
        var versionsChecked: Int
        var contractsChecked: Int
        var failingVersions: [Failure]
        var failingContracts: [Failure]
    }

    func run() async throws {
        try await withExitCodes {
            let policy = try PolicyFiles.read(file)
            let scope = try PolicyFiles.domain(domain)
            let state = try await withGovernance(store, ledger) { try await $0.meshState().state }
            var result = Result(policy: policy.name, versionsChecked: 0, contractsChecked: 0, failingVersions: [], failingContracts: [])
            for contract in state.contracts.values.sorted(by: { $0.id < $1.id }) where scope == nil || contract.domain?.rawValue == scope {
                let mode = state.compatibility.mode(for: contract.id, in: contract.domain)
                for version in contract.versions {
                    result.versionsChecked += 1
                    let found = policy.violations(of: version.contract, document: version.document, mode: mode)
                    if !found.isEmpty {
                        result.failingVersions.append(Failure(contractId: contract.id.rawValue, version: version.contract.version.description,
                                                              current: false, violations: found))
                    }
                }
                result.contractsChecked += 1
                let current = policy.violations(of: contract.latest, document: contract.versions.last?.document, mode: mode)
                if !current.isEmpty {
                    result.failingContracts.append(Failure(contractId: contract.id.rawValue, version: contract.latestVersion.description,
                                                           current: true, violations: current))
                }
            }
            if json {
                print(try Output.json(result))
            } else {
                print("policy \(policy.name) replayed over \(result.versionsChecked) stored version(s) of \(result.contractsChecked) contract(s)"
                      + (scope.map { " in domain \($0)" } ?? ""))
                print("stored versions that would have failed: \(result.failingVersions.count)")
                for failure in result.failingVersions {
                    print("  \(failure.contractId) \(failure.version)")
                    for violation in failure.violations { print("    - \(violation.path): \(violation.message)") }
                }
                print("current contracts that would fail: \(result.failingContracts.count)")
                for failure in result.failingContracts {
                    print("  \(failure.contractId) (at \(failure.version))")
                    for violation in failure.violations { print("    - \(violation.path): \(violation.message)") }
                }
            }
            if !result.failingVersions.isEmpty || !result.failingContracts.isEmpty {
                throw CLIError.rejected("policy \(policy.name) would fail \(result.failingVersions.count) stored version(s) and \(result.failingContracts.count) current contract(s)")
            }
        }
    }
}

struct PolicyComplianceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance",
        abstract: "Compliance per domain and mesh-wide: the share of active contracts meeting every adopted policy, and the violations.",
        discussion: """
        Answered from the policy_compliance read model, which the projector keeps current with every publish, \
        adoption and retirement.

        Examples:
          dcl policy compliance
          dcl policy compliance --domain sales --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Option(help: "Only this domain.") var domain: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            let scope = try PolicyFiles.domain(domain)
            let report = try await withGovernance(store, ledger) { try await $0.complianceReport(domain: scope) }
            let policies = report.policies
            if json { print(try Output.json(report)); return }
            print(policies.isEmpty ? "no policy is adopted: every contract is compliant by default" : "policies in force: \(policies.joined(separator: ", "))")
            let scopes = (scope == nil ? [report.mesh] : []) + report.domains
            print(Output.table(["scope", "active", "compliant", "share"], scopes.map {
                [$0.name, String($0.activeContracts), String($0.compliantContracts), MeshMetrics.percentText($0.share)]
            }))
            let violations = scope == nil ? report.mesh.violations : report.domains.flatMap(\.violations)
            if !violations.isEmpty {
                print("violations:")
                for violation in violations { print("  \(violation.contractId): policy \(violation.policy): \(violation.path): \(violation.message)") }
            }
        }
    }
}

/// Runs a governance read against the current read models (caught up unless --stale-ok).
func withGovernance<T>(_ options: StoreOptions, _ ledger: LedgerOptions, _ body: (any GovernanceQueries) async throws -> T) async throws -> T {
    try await withExitCodes {
        if options.asOf != nil || options.toPosition != nil {
            throw CLIError.badInput("governance views answer for the current ledger only; drop --as-of / --to-position")
        }
        let models = try await options.openReadModels(ledger: ledger)
        return try await body(models.store)
    }
}
