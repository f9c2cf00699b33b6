import DCLDomain

extension Array where Element == FieldSchema {
    /// Column paths in declaration order, nested records as `parent.child` (arrays not entered).
    var columnPaths: [String] {
        var paths: [String] = []
        func walk(_ fields: [FieldSchema], prefix: String?) {
            // Fields read in place: a copy of each would retain a dozen references for nothing.
            fields.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for field in (0..<buffer.count).lazy.map({ base + $0 }) {
                    let path = prefix.map { "\($0).\(field.pointee.name)" } ?? field.pointee.name
                    paths.append(path)
                    if case .record(let nested) = field.pointee.type.nonNull { walk(nested.fields, prefix: path) }
                }
            }
        }
        walk(self, prefix: nil)
        return paths
    }
}

extension Array where Element == FieldSchema {
    /// The field at a column path (`address.city`), descending into nested records.
    func field(at path: String) -> FieldSchema? {
        var fields = self
        var found: FieldSchema?
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard let field = fields.first(where: { $0.name == part }) else { return nil }
            found = field
            if case .record(let nested) = field.type.nonNull { fields = nested.fields } else { fields = [] }
        }
        return found
    }
}
