import ArgumentParser
import DCLApplication
import DCLDomain
import DCLProjections
import Foundation

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Search the discovery catalog of data products.",
        discussion: """
        Every criterion given must hold. TEXT matches contract id, product, name, description and tags.

        Examples:
          dcl catalog revenue
          dcl catalog --field customer_email          products whose schema has that field
          dcl catalog --domain sales --status active --json
          dcl catalog --as-of 2026-11-01T00:00:00Z    the catalog as it stood then
          dcl catalog orders --limit 50 --offset 50     matches 51 to 100

        Entries are listed by domain and contract id; --limit N shows N of them from --offset on, and the \
        table then says which entries it shows and how many match.
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Argument(help: "Free text to search for.") var text: String?
    @Option(help: "Only this domain.") var domain: String?
    @Option(help: "Only products owned by this e-mail.") var owner: String?
    @Option(help: "Only products with this tag.") var tag: String?
    @Option(help: "Only products whose schema has this field name or path.") var field: String?
    @Option(help: "Only products in this status (proposed, draft, active, deprecated, retired, or any status as a contract writes it).") var status: String?
    @OptionGroup var page: PageOptions
    @Flag(help: "Print JSON (the entries shown, as an array).") var json = false

    func run() async throws {
        try Output.checkDomainFilter(domain)
        var wantedStatus: ContractStatus?
        if let status {
            guard let parsed = ContractStatus(rawValue: status) else {
                throw CLIError.badInput("--status must not be empty")
            }
            wantedStatus = parsed
        }
        let filter = CatalogFilter(text: text, domain: domain, owner: owner, tag: tag, field: field, status: wantedStatus)
        guard page.isPaged else {
            let entries = try await withReadModels(store, ledger) { try await $0.catalog(filter) }
            print(json ? try Output.json(entries) : Renderers.catalog(entries))
            return
        }
        let offset = page.offset
        let slice = try await withReadModels(store, ledger) { try await $0.catalogPage(filter, limit: page.pageLimit, offset: offset) }
        if json {
            print(try Output.json(slice.entries))
        } else if slice.entries.isEmpty && slice.total > 0 {
            print("No entries from offset \(offset) on: \(slice.total) match.")
        } else {
            print(Renderers.catalog(slice.entries))
            if !slice.entries.isEmpty { print(Output.pageLine("entries", shown: slice.entries.count, offset: offset, total: slice.total)) }
        }
    }
}

struct VersionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "versions",
        abstract: "Every version of a contract with its changes and compatibility decision, and the latest schema per major version.",
        discussion: """
        Examples:
          dcl versions sales.revenue_metrics
          dcl versions sales.revenue_metrics --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Argument(help: "The contract id.") var id: String
    @Flag(help: "Print JSON.") var json = false

    struct View: Encodable {
        var contractId: String
        var versions: [VersionEntry]
        /// Per major version, the latest version in it.
        var latestPerMajor: [String: String]
    }

    func run() async throws {
        let contractID = try Output.parseContractID(id)
        let versions = try await withReadModels(store, ledger) { try await $0.versions(of: contractID) }
        guard !versions.isEmpty else { throw CLIError.rejected("no contract '\(contractID)' in the ledger at \(ledger.description)") }
        var latest: [String: String] = [:]
        for version in versions { latest[String(version.major)] = version.version }
        if json {
            print(try Output.json(View(contractId: contractID.rawValue, versions: versions, latestPerMajor: latest)))
            return
        }
        let rows = versions.map { version in
            [version.version, version.status, version.bump ?? "-", version.recordedAt, version.actor,
             version.changes.isEmpty ? "-" : version.changes.map(\.description).joined(separator: "; ")]
        }
        print(Output.table(["VERSION", "STATUS", "BUMP", "RECORDED", "BY", "CHANGES"], rows))
        print("\nlatest per major: " + latest.sorted { Int($0.key)! < Int($1.key)! }.map { "\($0.key).x → \($0.value)" }.joined(separator: ", "))
    }
}

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Dashboards over the read models.",
        subcommands: [QualityDashboardCommand.self])
}

struct QualityDashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "The data product quality dashboard: checks, quality score, SLA adherence and freshness per product.",
        discussion: """
        The seed's dashboard query: per active product, total_checks, passed_checks, quality_score \
        (passed/total, 4 decimals) and last_checked; plus SLA adherence (share of results recorded within the \
        product's SLA hours of their observation) and freshness (fresh when the latest observation is within \
        the freshness SLA of the ledger's latest recorded event).

        Only active products are listed, as in the seed; --all adds drafts, proposed, deprecated and retired \
        ones. A contract written by `dcl init` is a draft until a version with status: active is published.

        Below the table, each product's latest quality run (`dcl quality run`, an import, or a typed-in result) \
        and the checks of it that failed; `dcl quality runs ID` lists every run.

        Products are listed by domain, product and contract id. With many products, --limit N shows N of them \
        from --offset on (the latest runs are looked up for those only); the table then says which products \
        it shows and how many there are.

        Examples:
          dcl dashboard quality
          dcl dashboard quality --all --domain sales
          dcl dashboard quality --json
          dcl dashboard quality --limit 100 --offset 200    products 201 to 300
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Option(help: "Only this domain.") var domain: String?
    @Flag(help: "Include products that are not active (the seed lists active ones only).") var all = false
    @OptionGroup var paging: PageOptions
    @Flag(help: "Print JSON (the rows shown, as an array).") var json = false

    func run() async throws {
        try Output.checkDomainFilter(domain)
        let paged = paging.isPaged
        let offset = paging.offset
        let (page, hidden) = try await withReadModels(store, ledger) { models in
            let page = paged
                ? try await models.qualityDashboardPage(domain: domain, includeInactive: all, limit: paging.pageLimit, offset: offset)
                : try await models.qualityDashboard(domain: domain, includeInactive: all).withTotal
            // Only needed to explain an empty dashboard: which products the active-only view left out.
            let hidden = page.total == 0 && !all && !json ? try await models.qualityDashboard(domain: domain, includeInactive: true) : []
            return (page, hidden)
        }
        let rows = page.rows
        if json {
            print(try Output.json(rows))
            return
        }
        guard page.total > 0 else { print(Self.emptyExplanation(hidden: hidden, domain: domain)); return }
        guard !rows.isEmpty else {
            print("No products from offset \(offset) on: the dashboard lists \(page.total) product\(page.total == 1 ? "" : "s").")
            return
        }
        print(Output.table(["DOMAIN", "PRODUCT", "SLA", "CHECKS", "PASSED", "SCORE", "THRESHOLD", "SLA-ADHERENCE", "FRESHNESS", "LAST CHECKED"],
                           rows.map { row in
                               [row.domain, row.product, "\(row.slaHours)h", String(row.totalChecks), String(row.passedChecks),
                                row.qualityScore ?? "-", row.qualityThreshold + (row.meetsThreshold == false ? " ✗" : ""),
                                row.slaAdherence ?? "-", row.freshness, row.lastChecked ?? "-"]
                           }))
        if paged { print(Output.pageLine("products", shown: rows.count, offset: offset, total: page.total)) }
        let runs = Self.latestRuns(rows)
        if !runs.isEmpty { print("\n" + runs) }
    }


    /// Per product with a run: its latest run and the checks of it that failed.
    static func latestRuns(_ rows: [QualityDashboardRow]) -> String {
        rows.compactMap { row -> String? in
            guard let run = row.latestRun else { return nil }
            var lines = ["\(row.contractId): latest run \(run.runId) (\(run.origin), version \(run.contractVersion ?? "-"), \(run.startedAt)): "
                + "\(run.checks) checks, \(run.failed) failed"]
            for failure in row.latestRunFailures ?? [] {
                lines.append("  ✗ \(failure.rule)  value \(failure.value ?? "-")" + (failure.threshold.map { "  (\($0))" } ?? ""))
            }
            return lines.map(TerminalText.escaped).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

private extension Array where Element == QualityDashboardRow {
    /// The whole dashboard as a page of itself.
    var withTotal: QualityDashboardSlice { QualityDashboardSlice(rows: self, total: count) }
}

extension QualityDashboardCommand {
    /// Why the dashboard is empty and what to type: after `dcl init` + `dcl publish` the only
    /// product is a draft, which the seed's dashboard (active products only) leaves out.
    static func emptyExplanation(hidden: [QualityDashboardRow], domain: String?) -> String {
        let scope = domain.map { " in domain \($0)" } ?? ""
        guard !hidden.isEmpty else {
            return "No products\(scope) yet. Publish a contract first: dcl init --domain D --product P, then dcl publish P.odcs.yaml."
        }
        let counts = Dictionary(grouping: hidden, by: \.status).map { "\($0.key): \($0.value.count)" }.sorted().joined(separator: ", ")
        let products = hidden.count == 1 ? "1 product" : "\(hidden.count) products"
        let flags = (domain.map { " --domain \($0)" } ?? "") + " --all"
        return """
            No active products\(scope): the dashboard shows active products only; not shown: \(products) (\(counts)).
            Show them with: dcl dashboard quality\(flags)
            A product becomes active when a version is published with status: active (dcl init writes a draft).
            """
    }
}

struct TimelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "The audit timeline of a contract from the read models: every event with actor, times, type, version and decision.",
        discussion: """
        Examples:
          dcl timeline sales.revenue_metrics
          dcl timeline sales.revenue_metrics --as-of 2026-11-01T00:00:00Z --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Argument(help: "The contract id.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let contractID = try Output.parseContractID(id)
        let entries = try await withReadModels(store, ledger) { try await $0.timeline(of: contractID) }
        guard !entries.isEmpty else { throw CLIError.rejected("no events for '\(contractID)'") }
        print(json ? try Output.json(entries) : Renderers.history(entries))
    }
}

struct ProjectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "Inspect the projectors that maintain the read models.",
        subcommands: [ProjectionsStatusCommand.self, ProjectionsExportCommand.self])
}

struct ProjectionsStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Per projector: position, lag behind the ledger, events folded, last batch rate and quarantined events.",
        discussion: """
        Examples:
          dcl projections status
          dcl projections status --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @Option(name: .long, help: ArgumentHelp("The read-model store (default: $DCL_STORE, else .dcl/readmodels.db).", valueName: "path"))
    var store: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            let options = try StoreOptions.parse(store.map { ["--store", $0] } ?? [])
            let models = try await OpenFiles.readModels(try options.path)
            let log = try ledger.openForReading()?.log
            if let log { try await models.checkBelongs(to: log) }
            let status = if let log { try await models.status(against: log) } else { try await models.status(logEnd: 0) }
            let quarantine = try await models.quarantine()
            if json {
                print(try Output.json(status))
                return
            }
            print(Output.table(["PROJECTOR", "POSITION", "LOG END", "LAG", "EVENTS", "EVENTS/S", "QUARANTINED"], status.map {
                [$0.projector, String($0.position), String($0.logEnd), String($0.lag), String($0.events),
                 String(format: "%.0f", $0.eventsPerSecond), String($0.quarantined)]
            }))
            for poison in quarantine { print("quarantined position \(poison.position) (\(poison.type)): \(poison.reason)") }
        }
    }
}
