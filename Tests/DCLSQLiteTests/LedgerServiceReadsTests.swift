import DCLApplication
import DCLDomain
import DCLEventLog
import DCLSQLite
import Foundation
import Testing

/// What a writer reads to decide and to check a token, on a real ledger file.
@Suite("ledger service reads")
struct LedgerServiceReadsTests {
    static let document: JSONValue = .object(["apiVersion": .string("v3.1.0"), "kind": .string("DataContract"), "id": .string("sales.orders"),
                                              "version": .string("1.0.0"), "x-ratio": .number("1.50"), "tags": .array([.string("a"), .null])])

    /// The state `execute` reports (folded as it decides, for a batch whose later commands decide
    /// on the earlier ones' effect) is the one a reader folds from the log: the same contracts,
    /// domains, quality and stream heads, also for a document whose numbers the canonical form
    /// rewrites ("1.50" is stored as 1.5); and the events it reports are those a reader decodes.
    @Test func stateAfterExecuteIsTheStateFoldedFromTheLog() async throws {
        let folder = try TemporaryFolder()
        let service = LedgerService(log: try SQLiteEventLog(path: folder.path("ledger.db")))
        var first = GroupCommitTests.contract("sales.orders")
        first.quality = [QualityRule(kind: .notNull, object: "orders", column: "id")]
        var second = GroupCommitTests.contract("sales.orders", "1.0.1", description: "more")
        second.quality = first.quality
        let observed = LedgerService.systemNow()
        let commands: [LedgerCommand] = [
            .publishContract(first, document: Self.document, original: "id: sales.orders\n"),
            .publishContract(second, document: nil),
            .recordQualityCheck(first.id, rule: "not_null_id", passed: true, value: NumericLiteral("10"), observedAt: observed),
            .deprecateContract(first.id, reason: "replaced"),
        ]
        let outcome = try await service.execute(commands, actor: "ana")
        #expect(outcome.recorded.count >= 5)
        #expect(outcome.events == (try outcome.recorded.map { try EventCodec.recorded($0).event }))
        let folded = try await service.snapshot()
        #expect(folded.quarantined.isEmpty)
        #expect(outcome.state.contracts == folded.state.contracts)
        #expect(outcome.state.domains == folded.state.domains)
        #expect(outcome.state.quality == folded.state.quality)
        #expect(outcome.state.heads == folded.state.heads)
        #expect(outcome.state.rejected.isEmpty && folded.state.rejected.isEmpty)
        #expect(folded.state.contracts[first.id]?.status == .deprecated)
    }

    /// One read gives a write's token check the tokens and the written contracts' current domains.
    @Test func writeAccessReadsTokensAndCurrentDomains() async throws {
        let folder = try TemporaryFolder()
        let service = LedgerService(log: try SQLiteEventLog(path: folder.path("ledger.db")))
        let (_, issued) = APITokenSecret.issue(name: "sales-ci", domains: ["sales"], admin: false)
        try await service.execute([.issueToken(issued)], actor: "admin")
        try await service.execute([.publishContract(GroupCommitTests.contract("sales.orders"), document: nil)], actor: "ana")
        var loose = GroupCommitTests.contract("misc.loose")
        loose.domain = nil
        try await service.execute([.publishContract(loose, document: nil)], actor: "ana")

        let access = try await service.writeAccess(contracts: [ContractID("sales.orders")!, ContractID("sales.unknown")!])
        #expect(access.domains == [DomainName("sales")!])
        #expect(access.tokens[issued.tokenId]?.name == "sales-ci")
        #expect(access.tokens == (try await service.tokens()))
        // A contract without a domain: only an admin writes it.
        #expect(try await service.writeAccess(contracts: [ContractID("sales.orders")!, loose.id]).domains == nil)
        #expect(try await service.writeAccess(contracts: []).domains == [])
        #expect(try await service.currentDomains(of: [ContractID("sales.orders")!]) == [DomainName("sales")!])
    }
}
