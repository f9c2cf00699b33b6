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
}
