import DCLApplication
import DCLDomain
import DCLEventLog
import DCLProjections

/// The checks every `ReadModelStoring` implementation must pass: one suite, every store. A test
/// target runs each check against its store:
///
/// ```swift
/// @Test(arguments: ReadModelConformance.checks)
/// func sqlite(_ check: ReadModelConformance.Check) async throws {
///     let folder = try TemporaryFolder()
///     try await check.run { name in try ReadModelStore(path: folder.path(name + ".db")) }
/// }
/// ```
///
/// The factory opens the store called `name`: empty the first time the check asks for that name,
/// and over the same storage (a second connection, as another process would open it) every
/// later time in the same run of the check. A check closes every store it opens.
///
/// `referenceExport(partitioned:_:)` gives the canonical export of `ReferenceLedger` projected into
/// a fresh store: the same text from every conforming store, so a second store is compared with
/// SQLite's as well as with itself.
public enum ReadModelConformance {
    /// Opens the store called `name` (see above).
    public typealias Factory = @Sendable (_ name: String) async throws -> any ReadModelStoring

    public struct Check: Sendable, CustomStringConvertible {
        public let name: String
        let body: @Sendable (@escaping Factory) async throws -> Void
        public var description: String { name }
        public func run(_ open: @escaping Factory) async throws { try await body(open) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let check: String
        public let message: String
        public var description: String { "\(check): \(message)" }
    }

    public static let checks: [Check] = [
        Check(name: "every answer equals an in-memory fold (one global order)", body: answersOnGlobalOrder),
        Check(name: "every answer equals an in-memory fold (partitioned log, one projector)", body: answersOnPartitionedLog),
        Check(name: "answers as of a position or a time equal a fold of the log cut there", body: answersAsOf),
        Check(name: "followed in two runs across a reopen, a store exports what a rebuild does", body: resumesAcrossReopen),
        Check(name: "global order: a batch from a position the store left is refused and writes nothing", body: globalOrderGuard),
        Check(name: "partitioned: a stale partition batch is refused and writes nothing", body: partitionGuard),
        Check(name: "two members on disjoint partitions, interleaved, export what one projector does", body: twoMembersInterleaved),
        Check(name: "two members committing concurrently export what one projector does", body: twoMembersConcurrently),
        Check(name: "global events folded by different members all reach the stored global state", body: globalEventsMerge),
        Check(name: "reservePositions never hands out a position twice", body: positionsAreFresh),
        Check(name: "reservePositions never hands out a position twice to concurrent callers", body: positionsUnderConcurrency),
        Check(name: "a store knows its ledger", body: storeKnowsItsLedger),
        Check(name: "replay cutoff and bulk-load indexes", body: cutoffAndIndexes),
        Check(name: "publication marks on one global order: runs of whole commits, per sink, never back", body: publicationMarks),
        Check(name: "two members publish their own partitions: every change and notice once, latest values last",
              body: publishingByPartition),
        Check(name: "stream heads for writers hold at the cursor read with them", body: streamHeadsForWriters),
    ]

    /// The canonical export of `ReferenceLedger` projected into a fresh store `reference` (one
    /// global order, or laid out over four partitions), and the store closed.
    public static func referenceExport(partitioned: Bool, _ open: Factory) async throws -> String {
        let events = try await referenceEvents()
        let log: any EventLog = partitioned ? PartitionedMemoryLog(events, partitions: 4) : try await memoryLog(events)
        let store = try await open("reference")
        return try await closing(store) {
            try await Projector(log: log, store: store).catchUp()
            return try await store.canonicalExport()
        }
    }

    // MARK: - Support

    /// The reference ledger's stored events (positions 1...n).
    static func referenceEvents() async throws -> [StoredEvent] {
        let log = MemoryEventLog()
        try await ReferenceLedger.write(to: log)
        return try await log.readAll()
    }

    /// A log with one global order holding `events`.
    static func memoryLog(_ events: [StoredEvent]) async throws -> MemoryEventLog {
        let log = MemoryEventLog()
        _ = try await log.append(events.map(\.envelope))
        return log
    }

    /// Runs `body`, then closes `stores` whether it threw or not.
    @discardableResult
    static func closing<T>(_ stores: any ReadModelStoring..., body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            for store in stores { try await store.close() }
            return result
        } catch {
            for store in stores { try? await store.close() }
            throw error
        }
    }

    /// Where two exports first differ (a line of each, numbered), nil when they are the same text.
    public static func difference(_ one: String, _ other: String) -> String? {
        guard one != other else { return nil }
        let left = one.split(separator: "\n", omittingEmptySubsequences: false)
        let right = other.split(separator: "\n", omittingEmptySubsequences: false)
        let index = zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(left.count, right.count)
        let line = { (lines: [Substring]) in index < lines.count ? String(lines[index]) : "(no line)" }
        return "line \(index + 1) of \(left.count) / \(right.count):\n  \(line(left))\n  \(line(right))"
    }

    /// Expects two stores' exports to be the same text, naming the first difference.
    static func expectSameExport(_ one: any ReadModelStoring, _ other: any ReadModelStoring, _ message: String,
                                 check: String = #function) async throws {
        if let difference = difference(try await one.canonicalExport(), try await other.canonicalExport()) {
            throw Failure(check: check, message: "\(message): \(difference)")
        }
    }

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String, check: String = #function) throws {
        if !condition { throw Failure(check: check, message: message()) }
    }

    /// Expects `body` to throw `ProjectionError` with `code`.
    static func expectThrows(_ code: ProjectionError.Code, _ message: String, check: String = #function,
                             _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ProjectionError where error.code == code {
            return
        } catch {
            throw Failure(check: check, message: "\(message): expected \(code.rawValue), got \(error)")
        }
        throw Failure(check: check, message: "\(message): expected \(code.rawValue), nothing was thrown")
    }
}
