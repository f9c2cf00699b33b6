/// A Semantic Versioning 2.0.0 version: `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`.
///
/// Ordering follows semver precedence (build metadata is ignored; a pre-release sorts
/// before its release). Contract versions must strictly increase in this order.
///
/// ```swift
/// SemanticVersion("1.2.0")! < SemanticVersion("1.10.0")!  // true
/// ```
public struct SemanticVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    public var prerelease: [String]
    public var build: [String]

    public init(major: Int, minor: Int, patch: Int, prerelease: [String] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    public init?(_ text: String) {
        // The common plain `MAJOR.MINOR.PATCH` is read straight from the bytes.
        if let plain = SemanticVersion.plainCore(text) {
            self.init(major: plain.0, minor: plain.1, patch: plain.2)
            return
        }
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            rest = rest[..<plus]
            guard build.allSatisfy(SemanticVersion.isIdentifier) else { return nil }
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            prerelease = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            rest = rest[..<dash]
            guard prerelease.allSatisfy({ SemanticVersion.isIdentifier($0) && !SemanticVersion.hasLeadingZero($0) }) else { return nil }
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in core {
            guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit), !(part.count > 1 && part.first == "0"),
                  let number = Int(part) else { return nil }
            numbers.append(number)
        }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers[2], prerelease: prerelease, build: build)
    }

    /// Writes `number` (0 to 9999) in decimal at `start`; returns the index after its last digit.
    private static func writeDigits(_ number: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var divisor = 1
        while divisor * 10 <= number { divisor *= 10 }
        var index = start
        var rest = number
        while divisor > 0 {
            buffer[index] = UInt8(ascii: "0") + UInt8(rest / divisor)
            rest %= divisor
            divisor /= 10
            index += 1
        }
        return index
    }

    /// `(major, minor, patch)` when `text` is exactly three dot-separated numbers without leading zeros.
    private static func plainCore(_ text: String) -> (Int, Int, Int)? {
        var parts: (Int, Int, Int) = (0, 0, 0)
        var part = 0, value = 0, digits = 0, leadingZero = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, !(leadingZero && digits > 1), part < 2 else { return nil }
                if part == 0 { parts.0 = value } else { parts.1 = value }
                part += 1; value = 0; digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if digits == 0 { leadingZero = byte == UInt8(ascii: "0") }
                guard digits < 15 else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                return nil
            }
        }
        guard part == 2, digits > 0, !(leadingZero && digits > 1) else { return nil }
        parts.2 = value
        return parts
    }

    public var description: String {
        // A plain version with small numbers is written digit by digit into a small string (no
        // allocation): every quality result's timeline row names its contract version.
        if prerelease.isEmpty && build.isEmpty, (0..<10_000).contains(major), (0..<10_000).contains(minor), (0..<10_000).contains(patch) {
            return String(unsafeUninitializedCapacity: 14) { buffer in
                var index = SemanticVersion.writeDigits(major, into: buffer, at: 0)
                buffer[index] = UInt8(ascii: ".")
                index = SemanticVersion.writeDigits(minor, into: buffer, at: index + 1)
                buffer[index] = UInt8(ascii: ".")
                return SemanticVersion.writeDigits(patch, into: buffer, at: index + 1)
            }
        }
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, true): return false
        case (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            switch (Int(left), Int(right)) {
            case let (l?, r?): return l < r
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return left < right
            }
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    /// Equal precedence (build metadata ignored): `1.0.0+a` and `1.0.0+b` are the same version.
    public func hasSamePrecedence(as other: SemanticVersion) -> Bool { !(self < other) && !(other < self) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let version = SemanticVersion(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a semantic version")
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func isIdentifier(_ part: String) -> Bool {
        !part.isEmpty && part.allSatisfy { $0.isASCIIDigit || ($0.isASCII && $0.isLetter) || $0 == "-" }
    }

    private static func hasLeadingZero(_ part: String) -> Bool {
        part.count > 1 && part.first == "0" && part.allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
