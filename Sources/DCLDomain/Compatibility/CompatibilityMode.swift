/// Which schema evolutions a contract accepts, with Confluent Schema Registry's meaning.
///
/// - `BACKWARD`: a reader using the new schema can read data written with the previous one
///   (consumers upgrade first). The default, as in Schema Registry, because it lets a new
///   consumer replay a topic or table from the beginning.
/// - `FORWARD`: a reader using the previous schema can read data written with the new one
///   (producers upgrade first).
/// - `FULL`: both.
/// - `*_TRANSITIVE`: the same check against every earlier version in the comparison group,
///   not only the latest one, because data written by any of them may still be read.
/// - `NONE`: no schema check at all.
///
/// Text forms are parsed leniently (`full-transitive`, `Backward`) since authors type them
/// into ODCS files and CLI flags; the canonical form, used when encoding, is upper case with `_`.
public enum CompatibilityMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case none = "NONE"
    case backward = "BACKWARD"
    case backwardTransitive = "BACKWARD_TRANSITIVE"
    case forward = "FORWARD"
    case forwardTransitive = "FORWARD_TRANSITIVE"
    case full = "FULL"
    case fullTransitive = "FULL_TRANSITIVE"

    /// The ledger's default: consumer-first. A contract is a promise to consumers who read new data
    /// with the contract they already have and whom the producer does not upgrade, so every version
    /// of a major must be readable by every earlier version's readers (docs/compatibility.md).
    public static let `default` = CompatibilityMode.forwardTransitive

    /// The default before consumer-first (Schema Registry's): decisions recorded without a mode
    /// were made under it, and are re-checked under it.
    public static let legacyDefault = CompatibilityMode.backward

    /// True for modes that protect readers of earlier versions (consumers): there, every change
    /// that breaks consumers needs a new major version.
    public var protectsConsumers: Bool { checksForward }

    /// Case-insensitive; `-`, `_` and spaces are treated alike (`full-transitive`, `Full Transitive`).
    public init?(parsing text: String) {
        var canonical = ""
        for character in text.trimmingSpaces {
            switch character {
            case "-", "_", " ": canonical.append("_")
            default: canonical += character.uppercased()
            }
        }
        self.init(rawValue: canonical)
    }

    /// True when a reader on the new schema must read data of earlier versions.
    public var checksBackward: Bool {
        switch self {
        case .backward, .backwardTransitive, .full, .fullTransitive: return true
        case .none, .forward, .forwardTransitive: return false
        }
    }

    /// True when readers on earlier versions must read data written with the new schema.
    public var checksForward: Bool {
        switch self {
        case .forward, .forwardTransitive, .full, .fullTransitive: return true
        case .none, .backward, .backwardTransitive: return false
        }
    }

    /// True when every earlier version of the comparison group is checked, not only the latest.
    public var isTransitive: Bool {
        switch self {
        case .backwardTransitive, .forwardTransitive, .fullTransitive: return true
        case .none, .backward, .forward, .full: return false
        }
    }

    /// The directions this mode checks, backward first.
    public var directions: [CompatibilityDirection] {
        (checksBackward ? [.backward] : []) + (checksForward ? [.forward] : [])
    }

    public var description: String { rawValue }
}

extension CompatibilityMode: Codable {
    /// Accepts every form `init(parsing:)` accepts, so hand-written files need not be canonical.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let mode = CompatibilityMode(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a compatibility mode (expected one of \(CompatibilityMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self = mode
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
