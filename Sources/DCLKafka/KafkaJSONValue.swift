import DCLApplication
import Foundation

/// A record value as compact JSON with sorted keys and `/` not escaped: the same value is always the
/// same bytes, so a consumer can compare them and a republished value changes nothing.
///
/// Written by `SortedJSONEncoder`, byte for byte what `JSONEncoder` writes with `.sortedKeys` and
/// `.withoutEscapingSlashes` at about half its cost (a catch-up publishes every contract it touched),
/// and by `JSONEncoder` where it declines (a `Double` on the way, a key that is not ASCII).
///
/// ```swift
/// let bytes = try KafkaJSONValue.bytes(of: ["path": "a/b", "n": "1"])   // {"n":"1","path":"a/b"}
/// ```
enum KafkaJSONValue {
    static func bytes(of value: some Encodable) throws -> [UInt8] {
        if let text = SortedJSONEncoder.text(value, escapingSlashes: false) { return text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
