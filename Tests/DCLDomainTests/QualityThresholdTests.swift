import DCLDomain
import Testing

/// Every ODCS comparison, in rows and in percent, and the decision of a whole run.
@Suite struct QualityThresholdTests {
    static func threshold(_ comparison: QualityThreshold.Comparison, _ bounds: [String], _ unit: QualityThreshold.Unit = .rows)
        -> QualityThreshold {
        QualityThreshold(comparison: comparison, bounds: bounds.map { NumericLiteral($0)! }, unit: unit)!
    }

    @Test(arguments: [
        (QualityThreshold.Comparison.mustBe, ["3"], [2: false, 3: true, 4: false]),
        (.mustNotBe, ["3"], [2: true, 3: false, 4: true]),
        (.mustBeGreaterThan, ["3"], [2: false, 3: false, 4: true]),
        (.mustBeGreaterOrEqualTo, ["3"], [2: false, 3: true, 4: true]),
        (.mustBeLessThan, ["3"], [2: true, 3: false, 4: false]),
        (.mustBeLessOrEqualTo, ["3"], [2: true, 3: true, 4: false]),
        (.mustBeBetween, ["3", "5"], [2: false, 3: true, 5: true, 6: false]),
        (.mustNotBeBetween, ["3", "5"], [2: true, 3: false, 5: false, 6: true]),
    ])
    func everyComparison(comparison: QualityThreshold.Comparison, bounds: [String], cases: [Int64: Bool]) {
        let rule = Self.threshold(comparison, bounds)
        for (count, passes) in cases {
            let value = rule.measure(count: count, of: 100)
            #expect(value.text == String(count))
            #expect(rule.passes(value) == passes, "\(rule) with \(count)")
        }
    }

    @Test func percentIsRoundedHalfUpToFourDecimals() {
        let rule = Self.threshold(.mustBeLessOrEqualTo, ["10"], .percent)
        #expect(rule.measure(count: 1, of: 6).text == "16.6667")
        #expect(rule.measure(count: 1, of: 8).text == "12.5000")
        #expect(rule.measure(count: 2, of: 3).text == "66.6667")
        #expect(rule.measure(count: 1, of: 2_000_000).text == "0.0001", "0.00005 exactly rounds up")
        #expect(rule.measure(count: 1, of: 2_000_001).text == "0.0000", "0.0000499… rounds down")
        #expect(rule.measure(count: 0, of: 0).text == "0.0000")
        #expect(rule.passes(rule.measure(count: 1, of: 10)) && !rule.passes(rule.measure(count: 11, of: 100)))
        #expect(rule.description == "mustBeLessOrEqualTo 10 percent")
        #expect(Self.threshold(.mustBeBetween, ["1", "2"]).description == "mustBeBetween [1, 2]")
        #expect(QualityThreshold(comparison: .mustBeBetween, bounds: [NumericLiteral("1")!]) == nil)
    }

    @Test func aRunIsRecordedInOneBatchPinnedToItsVersion() throws {
        let contract = DataContract(id: ContractID("sales.revenue_metrics")!, domain: DomainName("sales"), dataProduct: "revenue_metrics",
                                    version: SemanticVersion("1.0.0")!, owner: nil)
        let (state, _) = try Fixtures.run(.publishContract(contract, document: nil), on: LedgerState())
        let observed = Timestamp(millisecondsSinceEpoch: 1_000)
        let run = QualityRun(contractId: contract.id, version: nil, runId: "run-1", observedAt: observed, origin: "dcl:csv", results: [
            .init(rule: "type_id", passed: true, value: NumericLiteral("0"), threshold: "mustBe 0", rowsScanned: 6, fingerprint: "sha256:x"),
            .init(rule: "not_null_date", passed: false, value: NumericLiteral("2"), threshold: "mustBe 0", rowsScanned: 6, fingerprint: "sha256:x"),
        ])
        let proposed = try Ledger.decide(.recordQualityRun(run), state: state)
        #expect(proposed.map(\.sequence) == [1, 2])
        for event in proposed {
            guard case .qualityCheckRecorded(let check) = event.event else { Issue.record("not a result"); continue }
            #expect(check.runId == "run-1" && check.contractVersion == contract.version && check.rowsScanned == 6 && check.origin == "dcl:csv")
        }
        var twice = run
        twice.results.append(run.results[0])
        #expect(throws: LedgerRejection.self) { try Ledger.decide(.recordQualityRun(twice), state: state) }
        var unknownVersion = run
        unknownVersion.version = SemanticVersion("2.0.0")
        #expect(throws: LedgerRejection.self) { try Ledger.decide(.recordQualityRun(unknownVersion), state: state) }
        var empty = run
        empty.results = []
        #expect(throws: LedgerRejection.self) { try Ledger.decide(.recordQualityRun(empty), state: state) }
    }
}
