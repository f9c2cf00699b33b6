/// A governance policy as code: a name and a small, fixed vocabulary of rules (not a scripting
/// language), written in YAML (`docs/governance.md`) and adopted mesh-wide or for one domain with
/// `dcl policy adopt`. Every rule is optional; a policy states only what it requires.
///
/// ```swift
/// var policy = Policy(name: "pii-classified")
/// policy.pii = Policy.PersonalData(detect: ["email"], classified: true)
/// let found = policy.violations(of: contract, document: nil, mode: .backward)
/// found.map(\.description)   // ["policy pii-classified: orders.customer_email: …"]
/// ```
public struct Policy: Sendable, Hashable, Codable {
    /// Lowercase letters, digits and '-', starting with a letter: named in every violation.
    public var name: String
    public var description: String?
    public var require: Required?
    public var pii: PersonalData?
    public var naming: Naming?
    /// Contract-level tags must come from this list.
    public var allowedTags: [String]?
    /// The freshness the SLA promises may be no longer than this.
    public var maxFreshness: TimeSpan?
    /// The contract's quality threshold may be no lower than this.
    public var minQualityThreshold: NumericLiteral?
    /// The compatibility mode in force for the contract must be one of these.
    public var compatibility: [CompatibilityMode]?
    /// A version that breaks a subscribed consumer needs that consumer's sign-off (`dcl approve`).
    public var consumerApproval: Bool?

    public init(name: String) { self.name = name }

    /// What every contract must state.
    public struct Required: Sendable, Hashable, Codable {
        public var description: Bool?
        public var owner: Bool?
        /// At least one `slaProperties` entry in the published document.
        public var sla: Bool?
        /// At least this many quality rules.
        public var qualityRules: Int?

        public init(description: Bool? = nil, owner: Bool? = nil, sla: Bool? = nil, qualityRules: Int? = nil) {
            self.description = description
            self.owner = owner
            self.sla = sla
            self.qualityRules = qualityRules
        }
    }

    /// Rules for personal data. A property is personal data when it is classified `pii`, tagged
    /// `pii`, or its name contains one of `detect` (in any letter case).
    public struct PersonalData: Sendable, Hashable, Codable {
        public var detect: [String]
        /// A property whose name matches `detect` must be classified `pii` (or tagged `pii`).
        public var classified: Bool?
        /// Every personal-data property needs a description.
        public var described: Bool?
        /// Every personal-data property must be tagged `masked`: it may not be exported unmasked.
        public var masked: Bool?

        public init(detect: [String] = [], classified: Bool? = nil, described: Bool? = nil, masked: Bool? = nil) {
            self.detect = detect
            self.classified = classified
            self.described = described
            self.masked = masked
        }
    }

    /// Naming conventions.
    public struct Naming: Sendable, Hashable, Codable {
        /// `snake_case`, `camelCase` or `lowercase`: every property name (and object name).
        public var properties: NamingStyle?
        /// A regular expression the whole contract id must match.
        public var idPattern: String?

        public init(properties: NamingStyle? = nil, idPattern: String? = nil) {
            self.properties = properties
            self.idPattern = idPattern
        }
    }

    public enum NamingStyle: String, Sendable, Hashable, Codable, CaseIterable {
        case snakeCase = "snake_case"
        case camelCase = "camelCase"
        case lowercase

        /// Whether `name` follows the style.
        public func accepts(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
            return name.unicodeScalars.allSatisfy { scalar in
                switch self {
                case .snakeCase: return ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
                case .camelCase: return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                case .lowercase: return ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                }
            } && !(self == .snakeCase && (name.hasSuffix("_") || name.contains("__")))
        }
    }

    /// Whether a policy name follows the grammar: 1–64 of `a-z 0-9 -`, starting with a letter.
    public static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.count), let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
