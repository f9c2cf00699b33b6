/// Which way data flows in one compatibility check.
///
/// `backward`: the new schema reads data written with an earlier one (reader = new, writer = old).
/// `forward`: an earlier schema reads data written with the new one (reader = old, writer = new).
/// Kept apart from `CompatibilityMode` because a verdict reports each finding with the one
/// direction in which it fails, which tells who is hurt: new consumers replaying history
/// (backward) or consumers that have not upgraded yet (forward).
public enum CompatibilityDirection: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case backward
    case forward

    public var description: String { rawValue }
}
