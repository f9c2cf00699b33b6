import DCLTestSupport
import DCLApplication
import DCLDomain
import DCLSQLite
import Foundation
import Testing

/// Exactly-once effect: `dcl project` is killed with SIGKILL at random moments while another
/// writer appends; after it finally catches up, every read model equals a clean `--rebuild`.
@Suite("projector crash safety", .serialized)
struct ProjectorKillTests {
    @Test func sigkillAtRandomMomentsLeavesReadModelsIdenticalToARebuild() async throws {
        let (cli, ledgerPath, storePath) = try Self.ledgerWithOrders()
        defer { cli.remove() }

        // The writer: quality results and new versions, appended while the projector is being killed.
        let writer = Task.detached {
            let service = LedgerService(log: try SQLiteEventLog(path: ledgerPath))
            var minor = 0
            for step in 0..<400 {
                if step % 50 == 49 {
                    minor += 1
                    var contract = try ContractFiles.orders(version: "1.\(minor).0")
                    contract.description = "revision \(minor)"
                    try await service.execute([.publishContract(contract, document: nil)], actor: "writer")
                } else {
                    try await service.execute([.recordQualityCheck(ContractID("sales.orders")!, rule: "unique_order_id",
                                                                   passed: step % 7 != 0, value: NumericLiteral(step),
                                                                   observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(step) * 1000))],
                                              actor: "writer")
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }

        var generator = SystemRandomNumberGenerator()
        var kills = 0
        while kills < 24 {
            let wasKilled = try await Self.killed(["project", "--ledger", ledgerPath, "--store", storePath, "--batch-size", "3"], in: cli,
                                                  after: .milliseconds(Int.random(in: 40...250, using: &generator)))
            #expect(wasKilled)
            kills += 1
        }
        try await writer.value

        let finish = try cli.run("project", "--ledger", ledgerPath, "--store", storePath, "--until-caught-up")
        #expect(finish.status == 0, "\(finish.stderr)")
        let rebuild = try cli.run("project", "--ledger", ledgerPath, "--store", cli.path("rebuilt.db"), "--rebuild", "--until-caught-up")
        #expect(rebuild.status == 0, "\(rebuild.stderr)")

        func readModels(_ store: String) throws -> String {
            var text = ""
            for arguments in [["catalog", "--json"], ["dashboard", "quality", "--all", "--json"], ["versions", "sales.orders", "--json"],
                              ["timeline", "sales.orders", "--json"]] {
                let result = try cli.run(arguments + ["--ledger", ledgerPath, "--store", store, "--stale-ok"])
                #expect(result.status == 0, "\(arguments): \(result.stderr)")
                text += result.stdout
            }
            return text
        }
        let killed = try readModels(storePath)
        let rebuilt = try readModels(cli.path("rebuilt.db"))
        #expect(killed == rebuilt)
        #expect(killed.contains("\"totalChecks\" : 392"), "all 392 quality results counted exactly once")
    }
}

extension ProjectorKillTests {
    /// A CLI folder whose ledger holds the published orders contract, with the paths of its
    /// ledger and of the store the killed projector writes (not created yet).
    static func ledgerWithOrders() throws -> (cli: CLIHarness, ledger: String, store: String) {
        let cli = try CLIHarness()
        do {
            try cli.write("orders.yaml", ContractTexts.orders())
            #expect(try cli.run("publish", "orders.yaml").status == 0)
        } catch {
            cli.remove()
            throw error
        }
        return (cli, cli.path(".dcl/ledger.db"), cli.path("killed.db"))
    }

    /// Runs `dcl` with `arguments` in the harness's folder and sends it SIGKILL after `delay`;
    /// true when the signal ended it (false: it had finished before).
    static func killed(_ arguments: [String], in cli: CLIHarness, after delay: Duration) async throws -> Bool {
        let process = ChildProcess()
        process.executableURL = CLIHarness.binary
        process.arguments = arguments
        process.currentDirectoryURL = cli.folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await Task.sleep(for: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// A catch-up of 70,000 events into a store that exists commits them in groups (one
    /// transaction of up to ~131,072 events or a second each): killed with SIGKILL in the middle of
    /// groups, again and again, the store ends as a rebuild does, every result counted once.
    @Test func sigkillInTheMiddleOfCommitGroupsLeavesReadModelsIdenticalToARebuild() async throws {
        let (cli, ledgerPath, storePath) = try Self.ledgerWithOrders()
        defer { cli.remove() }
        // The store exists (the publish folded), then the long backlog arrives.
        #expect(try cli.run("project", "--until-caught-up", "--store", storePath).status == 0)
        let service = LedgerService(log: try SQLiteEventLog(path: ledgerPath))
        let checks = 70_000
        for chunk in stride(from: 0, to: checks, by: 1000) {
            let commands: [LedgerCommand] = (chunk..<chunk + 1000).map { step in
                .recordQualityCheck(ContractID("sales.orders")!, rule: "unique_order_id", passed: step % 7 != 0, value: NumericLiteral(step),
                                    observedAt: Timestamp(millisecondsSinceEpoch: 1_764_000_000_000 + Int64(step) * 1000))
            }
            _ = try await service.execute(commands, actor: "writer")
        }

        var generator = SystemRandomNumberGenerator()
        var killed = 0
        for _ in 0..<6 {
            if try await Self.killed(["project", "--until-caught-up", "--ledger", ledgerPath, "--store", storePath], in: cli,
                                     after: .milliseconds(Int.random(in: 200...1200, using: &generator))) {
                killed += 1
            }
        }
        #expect(killed > 0, "no run was killed before it caught up")

        let finish = try cli.run("project", "--until-caught-up", "--ledger", ledgerPath, "--store", storePath)
        #expect(finish.status == 0, "\(finish.stderr)")
        let rebuild = try cli.run("project", "--ledger", ledgerPath, "--store", cli.path("rebuilt.db"), "--rebuild", "--until-caught-up")
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let afterKills = try cli.run("projections", "export", "--ledger", ledgerPath, "--store", storePath, "--stale-ok")
        let rebuilt = try cli.run("projections", "export", "--ledger", ledgerPath, "--store", cli.path("rebuilt.db"), "--stale-ok")
        #expect(afterKills.status == 0 && rebuilt.status == 0, "\(afterKills.stderr) \(rebuilt.stderr)")
        #expect(afterKills.stdout == rebuilt.stdout)
        let dashboard = try cli.run("dashboard", "quality", "--json", "--ledger", ledgerPath, "--store", storePath, "--stale-ok")
        #expect(dashboard.stdout.contains("\"totalChecks\" : \(checks)"), "all \(checks) results counted exactly once")
    }
}

/// Contracts built directly, for writers inside tests.
enum ContractFiles {
    static func orders(version: String) throws -> DataContract {
        DataContract(id: ContractID("sales.orders")!, domain: DomainName("sales")!, dataProduct: "orders", name: "Orders",
                     version: SemanticVersion(version)!, owner: EmailAddress("sales-de@company.com")!,
                     schema: [RecordSchema(name: "orders", fields: [FieldSchema(name: "order_id", type: .string, primaryKey: true),
                                                                   FieldSchema(name: "amount", type: .decimal(DecimalType(precision: 12, scale: 2)))])],
                     quality: [QualityRule(kind: .unique, object: "orders", column: "order_id")])
    }
}
