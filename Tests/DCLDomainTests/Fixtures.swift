import DCLDomain

/// Small builders for domain tests.
enum Fixtures {
    static let t0 = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)

    static func revenueMetrics(version: String = "1.0.0", extraField: Bool = false, status: ContractStatus = .active) -> DataContract {
        var fields = [
            FieldSchema(name: "date", type: .date, unique: true, primaryKey: true),
            FieldSchema(name: "revenue", type: .decimal(DecimalType(precision: 14, scale: 2))),
            FieldSchema(name: "order_count", type: .int),
        ]
        if extraField { fields.append(FieldSchema(name: "channel", type: .string.optional, defaultValue: .null)) }
        return DataContract(
            id: ContractID("sales.revenue_metrics")!, domain: DomainName("sales")!, dataProduct: "revenue_metrics",
            version: SemanticVersion(version)!, status: status, owner: EmailAddress("sales-de@company.com")!,
            schema: [RecordSchema(name: "revenue_metrics", fields: fields)],
            quality: [
                QualityRule(kind: .notNull, object: "revenue_metrics", column: "date"),
                QualityRule(kind: .unique, object: "revenue_metrics", column: "date"),
                QualityRule(kind: .range(min: NumericLiteral("0"), max: NumericLiteral("10000000")), object: "revenue_metrics", column: "revenue"),
            ],
            serviceLevel: ServiceLevel(slaHours: 2, freshness: TimeSpan("4h")!), qualityThreshold: NumericLiteral("0.995")!)
    }

    /// Decides a command and folds its events, as a writer would.
    static func run(_ command: LedgerCommand, on state: LedgerState, actor: String = "tester",
                    at time: Timestamp = t0) throws(LedgerRejection) -> (LedgerState, [RecordedEvent]) {
        let proposed = try Ledger.decide(command, state: state)
        var state = state
        var recorded: [RecordedEvent] = []
        for event in proposed {
            let record = RecordedEvent(eventId: "e\(state.position + 1)", position: state.position + 1, stream: event.stream,
                                       sequence: event.sequence, occurredAt: time, recordedAt: time, actor: actor, event: event.event)
            state = Ledger.evolve(state, record)
            recorded.append(record)
        }
        return (state, recorded)
    }
}
