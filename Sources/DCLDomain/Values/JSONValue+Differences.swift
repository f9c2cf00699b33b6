extension JSONValue {
    /// Where two documents differ, as JSON paths with the old and new values, at most `limit` of
    /// them, in a stable order (object keys sorted). Used to say *what* differs when a file claims
    /// a version the ledger already holds with other content.
    ///
    /// ```swift
    /// let old: JSONValue = .object(["version": .string("1.0.0"), "tags": .array([.string("a")])])
    /// let new: JSONValue = .object(["version": .string("1.0.0"), "tags": .array([.string("b")])])
    /// old.differences(to: new)  // ["tags[0]: \"a\" → \"b\""]
    /// ```
    public func differences(to other: JSONValue, limit: Int = 5) -> [String] {
        var found: [String] = []
        JSONValue.collectDifferences(self, other, path: "", limit: limit, into: &found)
        return found
    }

    private static func collectDifferences(_ old: JSONValue, _ new: JSONValue, path: String, limit: Int, into found: inout [String]) {
        guard found.count < limit, old != new else { return }
        switch (old, new) {
        case let (.object(before), .object(after)):
            for key in Set(before.keys).union(after.keys).sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                switch (before[key], after[key]) {
                case let (was?, now?): collectDifferences(was, now, path: child, limit: limit, into: &found)
                case let (was?, nil): if found.count < limit { found.append("\(child): \(was.briefText) removed") }
                case let (nil, now?): if found.count < limit { found.append("\(child): \(now.briefText) added") }
                case (nil, nil): break
                }
            }
        case let (.array(before), .array(after)) where before.count == after.count:
            for (index, pair) in zip(before, after).enumerated() {
                collectDifferences(pair.0, pair.1, path: "\(path)[\(index)]", limit: limit, into: &found)
            }
        default:
            found.append("\(path.isEmpty ? "(document)" : path): \(old.briefText) → \(new.briefText)")
        }
    }

    /// The canonical text, shortened so one difference stays on one readable line.
    private var briefText: String {
        let text = canonicalText
        return text.count <= 60 ? text : String(text.prefix(57)) + "…"
    }
}
