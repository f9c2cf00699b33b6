import DCLTestSupport
import Foundation
import Testing

/// Processes opening one new read-model store at the same moment (projectors of a group started
/// together, or two commands): each switches the new file to WAL, which SQLite may refuse at once
/// with "database is locked" while another holds it. Every one of them must open the store.
@Suite("processes opening a new store at once")
struct ConcurrentStoreOpeningTests {
    /// The exit status and standard error of each run, by index.
    final class Outcomes: @unchecked Sendable {
        // @unchecked: `values` is only read or written while holding `lock`.
        private let lock = NSLock()
        private var values: [Int: (status: Int32, stderr: String)] = [:]
        func set(_ index: Int, _ value: (status: Int32, stderr: String)) { lock.withLock { values[index] = value } }
        var failures: [String] { lock.withLock { values.values.filter { $0.status != 0 }.map { "exit \($0.status): \($0.stderr)" } } }
    }

    @Test("six dcl processes opening one new store, in 12 rounds: all open it")
    func sixProcessesOpenOneNewStore() throws {
        let harness = try CLIHarness()
        defer { harness.remove() }
        let first = try harness.run("catalog", "--store", "first.db", "--ledger", "ledger.db")
        #expect(first.status == 0, "\(first.stderr)")
        for round in 0..<12 {
            let outcomes = Outcomes()
            let folder = harness.folder
            DispatchQueue.concurrentPerform(iterations: 6) { index in
                let process = ChildProcess()
                process.executableURL = CLIHarness.binary
                process.arguments = ["catalog", "--store", "new-\(round).db", "--ledger", "ledger.db"]
                process.currentDirectoryURL = folder
                let errors = Pipe()
                process.standardOutput = FileHandle.nullDevice
                process.standardError = errors
                do {
                    try process.run()
                    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    outcomes.set(index, (process.terminationStatus, text))
                } catch {
                    outcomes.set(index, (-1, "\(error)"))
                }
            }
            #expect(outcomes.failures.isEmpty, "round \(round): \(outcomes.failures)")
        }
    }

    /// A read that finds no store folds the ledger in a file of its own beside it and puts it in
    /// place when complete, unless another process put one there first: six at once all answer
    /// the same, one store is left in place, and no file of theirs stays behind.
    @Test("six reads that find no store at once, in 4 rounds: same answers, one store, nothing left beside")
    func sixReadsThatFindNoStoreAtOnce() throws {
        let harness = try CLIHarness()
        defer { harness.remove() }
        try harness.write("orders.yaml", ContractTexts.orders())
        #expect(try harness.run("publish", "orders.yaml", "--ledger", "ledger.db").status == 0)
        for check in 0..<30 {
            let recorded = try harness.run("quality", "record", "sales.orders", "--rule", "unique_order_id", "--ledger", "ledger.db",
                                           check % 3 == 0 ? "--failed" : "--passed")
            #expect(recorded.status == 0, "\(recorded.stderr)")
        }
        let expected = try harness.run("dashboard", "quality", "--json", "--store", "reference.db", "--ledger", "ledger.db")
        #expect(expected.status == 0 && expected.stdout.contains("sales.orders"), "\(expected.stderr)")
        for round in 0..<4 {
            let answers = Outcomes()
            let printed = Printed()
            let folder = harness.folder
            DispatchQueue.concurrentPerform(iterations: 6) { index in
                let process = ChildProcess()
                process.executableURL = CLIHarness.binary
                process.arguments = ["dashboard", "quality", "--json", "--store", "new-\(round).db", "--ledger", "ledger.db"]
                process.currentDirectoryURL = folder
                let output = Pipe()
                let errors = Pipe()
                process.standardOutput = output
                process.standardError = errors
                do {
                    try process.run()
                    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    answers.set(index, (process.terminationStatus, errorText))
                    printed.add(text)
                } catch {
                    answers.set(index, (-1, "\(error)"))
                }
            }
            #expect(answers.failures.isEmpty, "round \(round): \(answers.failures)")
            #expect(printed.all.count == 6 && Set(printed.all) == [expected.stdout], "round \(round)")
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("new-\(round).db") }
            #expect(left.contains("new-\(round).db") && left.allSatisfy { !$0.contains(".creating-") }, "round \(round): \(left.sorted())")
        }
    }

    /// What each run printed on standard output.
    final class Printed: @unchecked Sendable {
        // @unchecked: `values` is only read or written while holding `lock`.
        private let lock = NSLock()
        private var values: [String] = []
        func add(_ text: String) { lock.withLock { values.append(text) } }
        var all: [String] { lock.withLock { values } }
    }
}
