import DCLDomain
import Testing

/// ODCS statuses outside the five the lifecycle knows are kept as written; the lifecycle rules
/// (a status only moves forward, closed contracts take no versions) apply to the statuses they know.
@Suite struct StatusAsWrittenTests {
    static func version(_ text: String, status: String) -> DataContract {
        Fixtures.revenueMetrics(version: text, extraField: false, status: ContractStatus(rawValue: status)!)
    }

    @Test func unknownStatusesNeitherBlockNorAreBlocked() throws {
        var (state, _) = try Fixtures.run(.publishContract(Self.version("1.0.0", status: "production"), document: nil), on: LedgerState())
        let id = ContractID("sales.revenue_metrics")!
        #expect(state.contracts[id]?.status.rawValue == "production")
        // From a status the rules do not know, any status may follow; and back again.
        (state, _) = try Fixtures.run(.publishContract(Self.version("1.0.1", status: "draft"), document: nil), on: state)
        (state, _) = try Fixtures.run(.publishContract(Self.version("1.0.2", status: "In Development"), document: nil), on: state)
        #expect(state.contracts[id]?.status.rawValue == "In Development")
        (state, _) = try Fixtures.run(.publishContract(Self.version("1.0.3", status: "Active"), document: nil), on: state)
        #expect(state.contracts[id]?.status == .active)
        // Between known statuses the rule holds: active cannot go back to draft.
        #expect(throws: LedgerRejection.self) {
            _ = try Fixtures.run(.publishContract(Self.version("1.0.4", status: "draft"), document: nil), on: state)
        }
        // A closed status is still reached only by its own command.
        #expect(throws: LedgerRejection.self) {
            _ = try Fixtures.run(.publishContract(Self.version("1.0.4", status: "retired"), document: nil), on: state)
        }
        (state, _) = try Fixtures.run(.deprecateContract(id, reason: "replaced by orders"), on: state)
        #expect(state.contracts[id]?.status == .deprecated)
    }
}
