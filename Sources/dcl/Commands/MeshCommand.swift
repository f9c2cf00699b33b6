import ArgumentParser
import DCLApplication
import DCLDomain
import DCLProjections

struct MeshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mesh",
        abstract: "The seed's mesh metrics and DataMeshMaturity assessment, computed from the ledger.",
        discussion: """
        Nothing is typed in: every number comes from the ledger's events (contracts and versions, quality \
        results, consumers, policies, platform requests) through the read models.

        Examples:
          dcl mesh metrics
          dcl mesh maturity --json
        """,
        subcommands: [MeshMetricsCommand.self, MeshMaturityCommand.self])
}

struct MeshMetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Per domain and mesh-wide: products, contracts, coverage, quality, SLA adherence, lead time, breaking share, consumers, compliance.",
        discussion: """
        Also the seed's performance-metrics table, with the measured value where the ledger holds the data.

        Examples:
          dcl mesh metrics
          dcl mesh metrics --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            let metrics = try await withGovernance(store, ledger) { try await $0.meshMetrics() }
            if json { print(try Output.json(metrics)); return }
            print(Renderers.meshMetrics(metrics))
        }
    }
}

struct MeshMaturityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maturity",
        abstract: "The DataMeshMaturity assessment: a level 1-5 per principle, the evidence, and the gaps blocking the next level.",
        discussion: """
        Each principle's score (0-100) is the mean of measured signals; level 1 below 20, then one level per 20 \
        points. The overall score and level name (Initial, Developing, Intermediate, Advanced) follow the seed.

        Examples:
          dcl mesh maturity
          dcl mesh maturity --json
        """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var store: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await withExitCodes {
            let maturity = try await withGovernance(store, ledger) { try await $0.meshMaturity() }
            if json { print(try Output.json(maturity)); return }
            print(Renderers.maturity(maturity))
        }
    }
}

extension Renderers {
    static func meshMetrics(_ metrics: MeshMetrics) -> String {
        func pct(_ value: Double?) -> String { MeshMetrics.percentText(value) }
        func num(_ value: Double?) -> String { value.map { String(Int($0.rounded())) } ?? "-" }
        let scopes = [metrics.mesh] + metrics.domains
        var text = Output.table(
            ["scope", "products", "contracts", "active", "coverage", "quality", "SLA", "draft→active h", "breaking", "consumers", "cross-domain", "compliance"],
            scopes.map {
                [$0.name, String($0.dataProducts), String($0.contracts), String($0.activeContracts), pct($0.contractCoverage), pct($0.meanQualityScore),
                 pct($0.slaAdherence), num($0.meanHoursDraftToActive), pct($0.breakingVersionShare), String($0.consumers),
                 String($0.crossDomainConsumers), pct($0.policyCompliance)]
            })
        text += "\n\nperformance metrics (seed's data-mesh column beside the ledger's measure):\n"
        text += Output.table(["metric", "seed", "measured", "from"], metrics.performance.map { [$0.metric, $0.seedDataMesh, $0.measured ?? "-", $0.from] })
        return text
    }

    static func maturity(_ maturity: MeshMaturity) -> String {
        var lines = ["maturity: \(maturity.maturityLevel) (overall \(Int(maturity.overallScore.rounded()))/100)"]
        for principle in maturity.principles {
            lines.append("\(principle.principle): level \(principle.level) (score \(Int(principle.score)))")
            for evidence in principle.evidence { lines.append("  evidence: \(evidence)") }
            for gap in principle.gaps { lines.append("  gap: \(gap)") }
        }
        return lines.joined(separator: "\n")
    }
}
