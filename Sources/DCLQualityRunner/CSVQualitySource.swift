import DCLDomain
import Foundation

/// CSV files as a quality source: each object is a file (`--object NAME=FILE`, else
/// `<physicalName or name>.csv` in the source folder, or the source file itself for a one-object
/// contract). The header maps columns to properties by `name`, else `physicalName`. Every check of
/// an object is computed in one pass over the file.
///
/// ```swift
/// let source = CSVQualitySource(base: "exports/", files: ["orders": "orders-2026-12-01.csv"])
/// let measured = try await source.measure(objectPlan)
/// ```
public struct CSVQualitySource: QualitySource {
    public let kind = "csv"
    /// A folder, or one CSV file.
    public var base: String
    /// Object name → file (relative to `base` when `base` is a folder).
    public var files: [String: String]

    public init(base: String, files: [String: String]) {
        self.base = base
        self.files = files
    }

    func path(for object: ObjectPlan) -> String {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: base, isDirectory: &isFolder)
        if let named = files[object.object] {
            return named.hasPrefix("/") || !(exists && isFolder.boolValue) ? named : (base as NSString).appendingPathComponent(named)
        }
        if exists && !isFolder.boolValue { return base }
        return (base as NSString).appendingPathComponent("\(object.physicalName ?? object.object).csv")
    }

    public func measure(_ object: ObjectPlan) async throws(QualitySourceError) -> ObjectMeasurement {
        let path = path(for: object)
        let reader = try CSVRecordReader(path: path)
        guard let header = try reader.header() else {
            // An empty file: no header, no rows.
            let tally = CheckTally(checks: object.checks)
            return ObjectMeasurement(location: path, rowsScanned: 0, fingerprint: reader.fingerprint, values: try tally.values(),
                                     unmeasured: tally.unmeasured)
        }
        let columns = object.readColumns
        var indices: [Int] = []
        for column in columns {
            let names = object.columns[column] ?? [column]
            guard let index = names.lazy.compactMap({ header.firstIndex(of: $0) }).first else {
                throw QualitySourceError("\(path): no column \(names.map { "'\($0)'" }.joined(separator: " or ")) for property "
                    + "'\(column)' of object '\(object.object)'; the header has: \(header.joined(separator: ", "))")
            }
            indices.append(index)
        }
        let slots = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        // One tally per parsing thread, merged afterwards: the counts do not depend on who read which rows.
        let tallies = (0..<reader.workers).map { _ in
            var tally = CheckTally(checks: object.checks, workers: reader.workers)
            tally.bind(slots: slots)
            return tally
        }
        var parts = try reader.forEachRecord(columns: indices, expected: header.count, sinks: tallies)
        var tally = parts.removeFirst()
        for part in parts { try tally.absorb(part) }
        let values = try tally.values()
        return ObjectMeasurement(location: path, rowsScanned: tally.rows, fingerprint: reader.fingerprint, values: values,
                                 unmeasured: tally.unmeasured)
    }
}
