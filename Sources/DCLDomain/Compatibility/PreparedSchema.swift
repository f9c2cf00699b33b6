/// A schema made ready to be checked against many others: its type and its resolution graph
/// (`ResolutionGraph`, the schema as Avro's reference sees a parsed schema, named types shared),
/// built once.
///
/// `CompatibilityChecker.check(new:against:…)` with plain `SchemaType`s prepares every version
/// once per call. A caller that checks the same versions again and again (a registry holding a
/// subject's history, a benchmark) prepares them once and passes these, the way Avro's Python
/// reference parses schemas once and then checks the parsed objects.
///
/// ```swift
/// let history = versions.map { (version: $0.version, schema: PreparedSchema($0.schema)) }
/// let verdict = CompatibilityChecker.check(new: PreparedSchema(candidate), against: history, mode: .fullTransitive)
/// ```
public struct PreparedSchema: Sendable {
    public let type: SchemaType
    let graph: ResolutionGraph

    public init(_ type: SchemaType) {
        self.type = type
        graph = ResolutionGraph(type)
    }
}
