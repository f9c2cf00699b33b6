import Foundation

/// Values a command holds until the process exits, so that their memory goes back to the system
/// with the process instead of being freed one allocation at a time just before `exit`.
///
/// Two 5,000-property contracts read for `dcl check OLD NEW` are a few hundred thousand small
/// allocations (documents, fields, strings); freeing them when the command returns takes several
/// milliseconds on the command's critical path, for memory the process is about to give back
/// anyway. `DCLMain` always ends with `exit`, which does not run Swift deinitialisers of globals.
/// Only for one-shot commands: a long-running process (`serve`) must not use it.
///
/// ```swift
/// let pair = try await SchemaFile.readAll([old, new])
/// KeptUntilExit.shared.keep(pair)
/// ```
final class KeptUntilExit: @unchecked Sendable {
    // @unchecked: `values` is only read or written while holding `lock`.
    static let shared = KeptUntilExit()

    private let lock = NSLock()
    private var values: [any Sendable] = []

    func keep(_ value: any Sendable) {
        lock.withLock { values.append(value) }
    }
}
