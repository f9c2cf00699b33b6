import ArgumentParser

/// `--limit` and `--offset` of a command that lists many rows (the catalog, the dashboard): one
/// page of them, in the command's order.
///
/// ```swift
/// @OptionGroup var page: PageOptions
/// if page.isPaged { let slice = try await queries.catalogPage(filter, limit: page.pageLimit, offset: page.offset) }
/// ```
struct PageOptions: ParsableArguments {
    @Option(help: "Show at most this many rows (default: all).") var limit: Int?
    @Option(help: "Skip this many rows first, in the listing's order.") var offset: Int = 0

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
        if offset < 0 { throw ValidationError("--offset must not be negative (got \(offset))") }
    }

    /// Whether a page was asked for, rather than every row.
    var isPaged: Bool { limit != nil || offset > 0 }

    /// The page's size for a query: the limit given, else every row from the offset on.
    var pageLimit: Int { limit ?? Int(Int32.max) }
}
