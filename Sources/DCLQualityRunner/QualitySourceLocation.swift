import Foundation

/// Where `dcl quality run --source` reads: a CSV file or folder, a SQLite database or a
/// PostgreSQL database.
///
/// | `--source` | source |
/// |---|---|
/// | `data.csv`, `exports/`, `csv:PATH`, `file://PATH` | CSV file(s) |
/// | `sqlite:PATH`, `sqlite://PATH`, `PATH.db`, `PATH.sqlite`, `PATH.sqlite3` | SQLite database |
/// | `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`, `postgresql://…` | PostgreSQL database |
///
/// ```swift
/// let location = try QualitySourceLocation(parsing: "sqlite:warehouse.db")   // .sqlite(path: "warehouse.db")
/// ```
public enum QualitySourceLocation: Sendable, Hashable {
    case csv(path: String)
    case sqlite(path: String)
    case postgres(url: String)

    public init(parsing text: String) throws(QualitySourceError) {
        func strip(_ prefix: String) -> String? {
            guard text.lowercased().hasPrefix(prefix) else { return nil }
            return String(text.dropFirst(prefix.count))
        }
        if let path = strip("sqlite://") ?? strip("sqlite:") {
            guard !path.isEmpty else { throw QualitySourceError("--source \(text): name the database file, e.g. sqlite:warehouse.db") }
            self = .sqlite(path: path)
        } else if let path = strip("file://") ?? strip("csv:") {
            guard !path.isEmpty else { throw QualitySourceError("--source \(text): name a CSV file or folder") }
            self = .csv(path: path)
        } else if ["postgres://", "postgresql://"].contains(where: { text.lowercased().hasPrefix($0) }) {
            self = .postgres(url: text)
        } else if let scheme = text.range(of: "://").map({ String(text[..<$0.lowerBound]) }) {
            throw QualitySourceError("--source \(text): unknown scheme '\(scheme)'; use a CSV path, csv:PATH, sqlite:PATH "
                + "or postgres://USER@HOST/DB")
        } else if text.isEmpty {
            throw QualitySourceError("--source is empty; give a CSV file or folder, sqlite:PATH or postgres://USER@HOST/DB")
        } else if [".db", ".sqlite", ".sqlite3"].contains(where: { text.lowercased().hasSuffix($0) }) {
            self = .sqlite(path: text)
        } else {
            self = .csv(path: text)
        }
    }

    /// Opens the source, with `objects` mapping object names to files or tables.
    public func open(objects: [String: String]) throws(QualitySourceError) -> any QualitySource {
        switch self {
        case .csv(let path): return CSVQualitySource(base: path, files: objects)
        case .sqlite(let path): return try SQLiteQualitySource(path: path, tables: objects)
        case .postgres(let url): return try PostgresQualitySource(url: url, tables: objects)
        }
    }
}
