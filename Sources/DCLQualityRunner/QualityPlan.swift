import DCLDomain

/// What one run will check: every object's checks, and the contract's rules the runner cannot
/// check (with why), so nothing is silently passed over.
///
/// ```swift
/// let plan = try QualityPlanner.plan(contract: record.contract, document: record.document)
/// for object in plan.objects { print(object.object, object.checks.map(\.rule)) }
/// ```
public struct QualityPlan: Sendable, Hashable {
    public struct Skipped: Sendable, Hashable {
        public var rule: String
        public var reason: String
    }

    public var objects: [ObjectPlan]
    public var skipped: [Skipped]

    public var checkCount: Int { objects.reduce(0) { $0 + $1.checks.count } }
}

/// A contract the runner cannot turn into checks (a pattern that does not compile, …).
public struct QualityPlanError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
