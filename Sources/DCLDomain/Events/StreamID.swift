/// An ordered, hash-chained stream of events with its own sequence (1, 2, 3…).
///
/// Every contract has a `lifecycle` stream (versions, schema changes, status, ownership,
/// compatibility decisions) and a `quality` stream (check results, high volume). Each domain
/// has a `domain` stream for its registration and governance facts; mesh-wide governance
/// decisions live on `governance/global`.
public struct StreamID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case lifecycle, quality, domain, governance

        /// The case as a number, for hashing (see `StreamID.hash(into:)`).
        var caseNumber: UInt8 {
            switch self {
            case .lifecycle: 0
            case .quality: 1
            case .domain: 2
            case .governance: 3
            }
        }

        /// The kind named by these UTF-8 bytes (compared without building a `String`: every
        /// event read names its stream).
        init?(utf8 name: Substring.UTF8View) {
            // A native string's view is contiguous; the copy is only for text stored otherwise.
            guard let kind = name.withContiguousStorageIfAvailable(Kind.init(utf8:)) ?? Kind(rawValue: String(Substring(name)))
            else { return nil }
            self = kind
        }

        /// The same, on bytes in place: told apart by length, then compared byte by byte (a
        /// projector reads every event's stream text twice, and comparing it with each kind's
        /// name through a generic sequence comparison cost more than the rest of the parse).
        public init?(utf8 name: UnsafeBufferPointer<UInt8>) {
            let kind: Kind
            let spelled: StaticString
            switch name.count {
            case 9: (kind, spelled) = (.lifecycle, "lifecycle")
            case 7: (kind, spelled) = (.quality, "quality")
            case 6: (kind, spelled) = (.domain, "domain")
            case 10: (kind, spelled) = (.governance, "governance")
            default: return nil
            }
            for index in 0..<name.count where name[index] != spelled.utf8Start[index] { return nil }
            self = kind
        }
    }

    public var kind: Kind
    /// The contract id, or the domain name for a domain stream. Kafka partitions by it.
    public var subject: String

    public init(kind: Kind, subject: String) {
        self.kind = kind
        self.subject = subject
    }

    /// The kind hashed as its case, not as its name (a raw-valued enum hashes its raw string by
    /// default): the fold looks every event's stream up in its heads and in the sets of what a
    /// batch touched, and the kind's text was hashed again at each lookup. Equal streams still
    /// hash equally (`==` compares kind and subject).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind.caseNumber)
        hasher.combine(subject)
    }

    public static func lifecycle(_ id: ContractID) -> StreamID { StreamID(kind: .lifecycle, subject: id.rawValue) }
    public static func quality(_ id: ContractID) -> StreamID { StreamID(kind: .quality, subject: id.rawValue) }
    public static func domain(_ name: DomainName) -> StreamID { StreamID(kind: .domain, subject: name.rawValue) }

    /// `lifecycle/sales.revenue_metrics`, `domain/sales`: the text stored and printed.
    public var description: String {
        // Written in one go: a timeline line names its stream for every event, and joining the
        // parts built a string for the prefix first.
        return subject.withUTF8InPlace { subjectBytes in
            let prefix = kind.rawValue.utf8
            return String(unsafeUninitializedCapacity: prefix.count + 1 + subjectBytes.count) { buffer in
                var index = buffer.initialize(from: prefix).1
                buffer[index] = UInt8(ascii: "/")
                index += 1
                if let base = subjectBytes.baseAddress, !subjectBytes.isEmpty {
                    UnsafeMutableRawPointer(buffer.baseAddress! + index).copyMemory(from: base, byteCount: subjectBytes.count)
                }
                return index + subjectBytes.count
            }
        }
    }

    /// Appends `description` as a canonical JSON string (see `JSONValue.canonicalBytes`) without
    /// building it: every event hashed names its stream.
    public func writeCanonicalJSON(into output: inout [UInt8]) {
        switch kind {
        case .lifecycle: JSONValue.writeEscaped(subject, after: "lifecycle/", into: &output)
        case .quality: JSONValue.writeEscaped(subject, after: "quality/", into: &output)
        case .domain: JSONValue.writeEscaped(subject, after: "domain/", into: &output)
        case .governance: JSONValue.writeEscaped(subject, after: "governance/", into: &output)
        }
    }

    public init?(_ text: String) {
        let utf8 = text.utf8
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")), let kind = Kind(utf8: utf8[..<slash]) else { return nil }
        let subject = String(text[utf8.index(after: slash)...])
        guard !subject.isEmpty else { return nil }
        self.init(kind: kind, subject: subject)
    }

    /// The contract this stream belongs to (nil for domain and governance streams).
    public var contractID: ContractID? { kind == .lifecycle || kind == .quality ? ContractID(subject) : nil }

    /// Where `StreamID(text)?.contractID` starts in a stream's text, read from its UTF-8 bytes
    /// without building either: the offset after `lifecycle/` or `quality/` when a valid contract
    /// id follows; nil for any other text. (A projector stores each timeline row's contract id
    /// next to its stream's text, for every event.)
    public static func contractIDStart(inText utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")),
              let kind = Kind(utf8: UnsafeBufferPointer(rebasing: utf8[..<slash])),
              kind == .lifecycle || kind == .quality,
              ContractID.isValid(utf8: UnsafeBufferPointer(rebasing: utf8[(slash + 1)...])) else { return nil }
        return slash + 1
    }

    public static func < (lhs: StreamID, rhs: StreamID) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let stream = StreamID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a stream id")
        }
        self = stream
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
