import DCLDomain

extension ODCSReader {
    /// Reads a contract after checking it against `limits` (see `DocumentLimits`): the size before
    /// parsing, the rest once loaded, so an oversized document is refused before it costs memory
    /// downstream.
    ///
    /// ```swift
    /// let result = try ODCSReader.read(yaml: text, file: "orders.yaml", limits: .standard)
    /// ```
    public static func read(yaml: String, file: String, defaults: ODCSDefaults = ODCSDefaults(),
                            limits: DocumentLimits) throws(ODCSError) -> ODCSReadResult {
        try limits.checkSize(of: yaml, file: file)
        let root: SourceNode
        do {
            root = try YAMLLoader.load(yaml, file: file)
        } catch let error where error.message.contains("yaml_set_max_nest_level") {
            // libyaml names its own C function when a document nests past its fixed maximum;
            // say what that means for the author instead.
            throw ODCSError(file: file, line: error.line, field: "(document)",
                            message: "the document nests deeper than \(limits.maxDepth) levels (maxDepth, $DCL_MAX_DEPTH)")
        }
        try limits.check(root, file: file)
        let contract = try ODCSReader(file: file, defaults: defaults).contract(from: root)
        try QualityRuleColumnTypes.check(contract, file: file)
        return ODCSReadResult(contract: contract, document: root.json, original: yaml)
    }
}
