import DCLProjections

/// Turns SQLite's "file is not a database" (error 26) or "malformed" (error 11) on a read-model
/// store into a message that says the store is disposable and how to rebuild it: the read models
/// hold nothing that is not in the ledger.
///
/// ```swift
/// ReadModelRepairHint.message(for: error)   // "…; the read models are derived from the ledger: rebuild them with `dcl project --rebuild --until-caught-up`"
/// ```
enum ReadModelRepairHint {
    static func message(for error: ProjectionError) -> String {
        let text = error.message
        let damaged = ["SQLite error 26", "SQLite error 11", "file is not a database", "malformed"].contains { text.contains($0) }
        guard damaged else { return text }
        return text + "\nThe read-model store is damaged. It holds nothing that is not in the ledger: rebuild it with "
            + "`dcl project --rebuild --until-caught-up` (give the same --store)."
    }
}
