/// Checks a new schema (or a contract's schema objects) against earlier versions under a
/// `CompatibilityMode`, combining Avro resolution with the stricter contract rules.
///
/// Non-transitive modes compare against the latest earlier version only (by semantic-version
/// order, whatever order the caller passes), transitive modes against every one given. The
/// caller chooses which versions form the comparison group; `ContractChangeClassifier`
/// passes the versions of the current major version, as Schema Registry compatibility groups do.
///
/// ```swift
/// let verdict = CompatibilityChecker.check(new: v3, against: [(v1Version, v1), (v2Version, v2)], mode: .backward)
/// verdict.comparedVersions  // [v2Version]: BACKWARD looks at the latest only
/// ```
public enum CompatibilityChecker {
    /// Every reason `reader` cannot read `writer`'s data: Avro's rules, then the contract rules.
    ///
    /// Where the contract rule `FIELD_BECAME_REQUIRED` explains a place, Avro's `TYPE_MISMATCH`
    /// on the writer's null branch at that same place is left out as a duplicate.
    public static func incompatibilities(reader: SchemaType, writer: SchemaType, path: String = "") -> [Incompatibility] {
        incompatibilities(reader: PreparedSchema(reader), writer: PreparedSchema(writer), path: path)
    }

    /// The same for schemas prepared once, however many versions they are checked against.
    public static func incompatibilities(reader: PreparedSchema, writer: PreparedSchema, path: String = "") -> [Incompatibility] {
        let avro = SchemaResolution.incompatibilities(reader: reader.graph, writer: writer.graph, path: path)
        let contract = ContractSchemaRules.incompatibilities(reader: reader.type, writer: writer.type, path: path)
        if avro.isEmpty { return contract }
        if contract.isEmpty { return avro }
        let requiredPaths = Set(contract.filter { $0.ruleId == .fieldBecameRequired }.map(\.path))
        let kept = avro.filter { !($0.ruleId == .typeMismatch && $0.writerType == "null" && requiredPaths.contains($0.path)) }
        return kept + contract
    }

    /// Checks one schema against earlier ones.
    public static func check(new: SchemaType, against previous: [(version: SemanticVersion, schema: SchemaType)],
                             mode: CompatibilityMode, newVersion: SemanticVersion? = nil) -> CompatibilityVerdict {
        // Each version compared is prepared once, not once per pair and direction.
        let compared = comparisonTargets(previous, mode: mode).map { (version: $0.version, schema: PreparedSchema($0.schema)) }
        return check(new: PreparedSchema(new), against: compared, mode: mode, newVersion: newVersion)
    }

    /// Checks one prepared schema against earlier prepared ones (see `PreparedSchema`).
    public static func check(new: PreparedSchema, against previous: [(version: SemanticVersion, schema: PreparedSchema)],
                             mode: CompatibilityMode, newVersion: SemanticVersion? = nil) -> CompatibilityVerdict {
        let compared = comparisonTargets(previous, mode: mode)
        var findings: [VersionedIncompatibility] = []
        for (version, old) in compared {
            for direction in mode.directions {
                let (reader, writer) = direction == .backward ? (new, old) : (old, new)
                for incompatibility in incompatibilities(reader: reader, writer: writer) {
                    findings.append(VersionedIncompatibility(direction: direction, previousVersion: version,
                                                             newVersion: newVersion, incompatibility: incompatibility))
                }
            }
        }
        return CompatibilityVerdict(mode: mode, newVersion: newVersion, comparedVersions: compared.map(\.version),
                                    incompatibilities: findings)
    }

    /// Checks a contract's schema objects against earlier versions' objects.
    ///
    /// Objects are matched by name, or by a new object's alias naming an old object (a rename).
    /// - An object added is compatible both ways: there is no earlier data of it to read, and
    ///   earlier readers never asked for it.
    /// - An object removed is compatible backward (a reader on the new contract does not read
    ///   it) but not forward: consumers on the earlier contract still read it and would find it
    ///   no longer produced (`OBJECT_REMOVED`). So BACKWARD allows removing an object, as it
    ///   allows removing a field; FORWARD and FULL do not.
    /// Paths start with the object name: `orders.customer.email`.
    public static func check(new: [RecordSchema], against previous: [(version: SemanticVersion, schema: [RecordSchema])],
                             mode: CompatibilityMode, newVersion: SemanticVersion? = nil) -> CompatibilityVerdict {
        let compared = comparisonTargets(previous, mode: mode)
        var findings: [VersionedIncompatibility] = []
        for (version, oldObjects) in compared {
            for direction in mode.directions {
                for incompatibility in objectIncompatibilities(new: new, old: oldObjects, direction: direction) {
                    findings.append(VersionedIncompatibility(direction: direction, previousVersion: version,
                                                             newVersion: newVersion, incompatibility: incompatibility))
                }
            }
        }
        return CompatibilityVerdict(mode: mode, newVersion: newVersion, comparedVersions: compared.map(\.version),
                                    incompatibilities: findings)
    }

    /// Checks a contract version's schema against earlier versions of the same contract.
    /// The caller picks the comparison group (usually the versions of the current major version).
    public static func check(new: DataContract, against previous: [DataContract], mode: CompatibilityMode) -> CompatibilityVerdict {
        check(new: new.schema, against: previous.map { (version: $0.version, schema: $0.schema) }, mode: mode,
              newVersion: new.version)
    }

    /// The findings for one direction between two versions of a contract's objects.
    public static func objectIncompatibilities(new: [RecordSchema], old: [RecordSchema],
                                               direction: CompatibilityDirection) -> [Incompatibility] {
        var findings: [Incompatibility] = []
        var matchedOld = Set<String>()
        for object in new {
            guard let previous = old.first(where: { $0.name == object.name })
                ?? old.first(where: { object.aliases.contains($0.name) }) else { continue }
            matchedOld.insert(previous.name)
            let (reader, writer) = direction == .backward ? (object, previous) : (previous, object)
            findings += incompatibilities(reader: .record(reader), writer: .record(writer), path: object.name)
        }
        if direction == .forward {
            for object in old where !matchedOld.contains(object.name) {
                findings.append(Incompatibility(
                    ruleId: .objectRemoved, path: object.name, readerType: "record \(object.name)", writerType: "absent",
                    message: "consumers of the earlier contract read '\(object.name)', which the new contract no longer produces"))
            }
        }
        return findings
    }

    /// The versions a mode compares against: all for transitive modes, else the latest.
    static func comparisonTargets<Schema>(_ previous: [(version: SemanticVersion, schema: Schema)],
                                          mode: CompatibilityMode) -> [(version: SemanticVersion, schema: Schema)] {
        guard mode != .none, !previous.isEmpty else { return [] }
        // Histories usually come in order already; sorting them again would copy every entry.
        let inOrder = zip(previous, previous.dropFirst()).allSatisfy { $0.version < $1.version }
        let ordered = inOrder ? previous : previous.sorted { $0.version < $1.version }
        return mode.isTransitive ? ordered : [ordered[ordered.count - 1]]
    }
}
