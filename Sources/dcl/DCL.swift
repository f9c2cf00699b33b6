import ArgumentParser

struct DCL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcl",
        abstract: "DataContractLedger: the event-sourced ledger of data-mesh contracts.",
        discussion: """
        Every contract version, schema change, ownership change and quality result is an immutable, \
        hash-chained event. By default events go to an embedded SQLite ledger at .dcl/ledger.db under the \
        current folder.

        Options shared by the commands that use them may come before or after the command: --ledger, \
        --store, --kafka, -X, --kafka-config, --kafka-timeout, --actor and --json. Each is taken from the flag, \
        else from its environment variable (DCL_LEDGER, DCL_STORE, DCL_KAFKA, DCL_ACTOR), else its default; \
        given both before and after the command, the one after wins.

        First steps:
          dcl demo                                    build and show a sample mesh
          dcl init --domain sales --product orders    write a starter ODCS contract
          dcl publish orders.odcs.yaml                record it
          dcl --ledger team.db list                   the catalog of another ledger
          dcl history sales.orders                    see what happened, and why

        Exit codes: 0 done, 1 rejected by the ledger's rules (validation, conflict, version), 2 bad input \
        or usage. Shell completion: dcl --generate-completion-script bash|zsh|fish (make install puts them in place).
        """,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, InitCommand.self, PublishCommand.self, ShowCommand.self, ListCommand.self,
            HistoryCommand.self, DeprecateCommand.self, ReactivateCommand.self, RetireCommand.self, TransferCommand.self,
            QualityCommand.self, AuditCommand.self, DomainCommand.self,
            ProjectCommand.self, CatalogCommand.self, VersionsCommand.self, DashboardCommand.self, TimelineCommand.self,
            ProjectionsCommand.self, CheckCommand.self, SchemaCommand.self, ConfigCommand.self, DevCommand.self, TopicsCommand.self,
            ServeCommand.self, TokenCommand.self,
            PolicyCommand.self, ConsumerCommand.self, ApproveCommand.self, MeshCommand.self, PlatformCommand.self,
        ]
    )
}
