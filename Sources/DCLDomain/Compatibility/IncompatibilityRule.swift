/// The stable identifier of one compatibility rule, such as `TYPE_MISMATCH`.
///
/// The Avro rules mirror the names of the reference implementation's
/// `SchemaIncompatibilityType` (Apache Avro, `avro.compatibility`), upper-cased, so a finding
/// can be looked up in Avro's documentation. The contract rules are the ledger's own, stricter
/// checks of facts Avro's resolution ignores (logical types, decimal precision, constraints,
/// keys, classification).
///
/// A struct over a string rather than an enum because verdicts are stored in events: a ledger
/// written by a newer `dcl` with more rules must still decode.
public struct IncompatibilityRule: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    // MARK: Avro schema resolution (reference: SchemaIncompatibilityType)

    /// The reader's type cannot read the writer's, even with Avro's promotions.
    public static let typeMismatch = IncompatibilityRule(rawValue: "TYPE_MISMATCH")
    /// The reader expects a field the writer does not write, and has no default for it.
    public static let readerFieldMissingDefaultValue = IncompatibilityRule(rawValue: "READER_FIELD_MISSING_DEFAULT_VALUE")
    /// The writer's enum has symbols the reader's lacks, and the reader's enum has no default symbol.
    public static let missingEnumSymbols = IncompatibilityRule(rawValue: "MISSING_ENUM_SYMBOLS")
    /// The writer may write a type that no branch of the reader's union can read.
    public static let missingUnionBranch = IncompatibilityRule(rawValue: "MISSING_UNION_BRANCH")
    /// Two named types (record, enum, fixed) differ in name and the reader lists no alias for the writer's.
    public static let nameMismatch = IncompatibilityRule(rawValue: "NAME_MISMATCH")
    /// Two fixed types differ in size.
    public static let fixedSizeMismatch = IncompatibilityRule(rawValue: "FIXED_SIZE_MISMATCH")

    // MARK: Contract rules (stricter than Avro)

    /// The reader's decimal holds fewer digits than the writer's may write.
    public static let decimalPrecisionNarrowed = IncompatibilityRule(rawValue: "DECIMAL_PRECISION_NARROWED")
    /// The decimal scale differs: Avro stores the unscaled integer, so every value would be silently rescaled.
    public static let decimalScaleChanged = IncompatibilityRule(rawValue: "DECIMAL_SCALE_CHANGED")
    /// The logical type differs over a compatible physical type (e.g. timestamp-millis vs timestamp-micros).
    public static let logicalTypeChanged = IncompatibilityRule(rawValue: "LOGICAL_TYPE_CHANGED")
    /// The reader allows shorter values than the writer may write.
    public static let maxLengthNarrowed = IncompatibilityRule(rawValue: "MAX_LENGTH_NARROWED")
    /// The reader's minimum/maximum is narrower than the writer's.
    public static let boundsNarrowed = IncompatibilityRule(rawValue: "BOUNDS_NARROWED")
    /// The reader requires a value where the writer may write null.
    public static let fieldBecameRequired = IncompatibilityRule(rawValue: "FIELD_BECAME_REQUIRED")
    /// The reader relies on uniqueness the writer no longer promises.
    public static let uniquenessDropped = IncompatibilityRule(rawValue: "UNIQUENESS_DROPPED")
    /// The primary key (its fields or their order) differs.
    public static let primaryKeyChanged = IncompatibilityRule(rawValue: "PRIMARY_KEY_CHANGED")
    /// The data classification of a field differs (`public` → `pii`, …).
    public static let classificationChanged = IncompatibilityRule(rawValue: "CLASSIFICATION_CHANGED")
    /// A schema object (table, topic) the reader reads is no longer produced.
    public static let objectRemoved = IncompatibilityRule(rawValue: "OBJECT_REMOVED")

    /// The rules plain Avro resolution reports; the others are contract rules.
    public static let avroRules: [IncompatibilityRule] = [
        .typeMismatch, .readerFieldMissingDefaultValue, .missingEnumSymbols, .missingUnionBranch,
        .nameMismatch, .fixedSizeMismatch,
    ]

    /// The ledger's stricter rules, checked on top of Avro's.
    public static let contractRules: [IncompatibilityRule] = [
        .decimalPrecisionNarrowed, .decimalScaleChanged, .logicalTypeChanged, .maxLengthNarrowed,
        .boundsNarrowed, .fieldBecameRequired, .uniquenessDropped, .primaryKeyChanged,
        .classificationChanged, .objectRemoved,
    ]

    public var isAvroRule: Bool { IncompatibilityRule.avroRules.contains(self) }
}
