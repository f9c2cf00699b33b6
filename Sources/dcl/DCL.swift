import ArgumentParser

struct DCL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcl",
        abstract: "DataContractLedger: the event-sourced ledger of data-mesh contracts.",
        discussion: """
        Every contract version, schema change, ownership change and quality result is an immutable,
        hash-chained event. By default events go to an embedded SQLite ledger at .dcl/ledger.db
        (choose another with --ledger or DCL_LEDGER).

        First steps:
          dcl demo                                   build and show a sample mesh
          dcl init --domain sales --product orders   write a starter ODCS contract
          dcl publish orders.yaml                    record it
          dcl history <contract-id>                  see what happened, and why

        Exit codes: 0 done, 1 rejected by the ledger's rules (validation, conflict, version),
        2 bad input or usage.
        """,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, InitCommand.self, PublishCommand.self, ShowCommand.self, ListCommand.self,
            HistoryCommand.self, DeprecateCommand.self, ReactivateCommand.self, RetireCommand.self, TransferCommand.self,
            QualityCommand.self, AuditCommand.self, DomainCommand.self,
            ProjectCommand.self, CatalogCommand.self, VersionsCommand.self, DashboardCommand.self, TimelineCommand.self,
            ProjectionsCommand.self, CheckCommand.self, SchemaCommand.self, ConfigCommand.self, DevCommand.self, TopicsCommand.self,
        ]
    )
}
