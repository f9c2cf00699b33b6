import DCLApplication
import Foundation

/// The text `ReadModelRows.encoder()` (`JSONEncoder`, `.sortedKeys`) writes for a value, byte for byte,
/// written by `SortedJSONEncoder` instead where it can.
///
/// Why: a changed contract's row texts (its fold state, catalog entry and version rows, whole documents
/// inside) were the largest part of a publish's CPU left, most of it `JSONEncoder`'s per-member work.
/// The text must stay the same bytes (exports and the changelog carry it), so the writer follows
/// `JSONEncoder`'s output: no spaces, keys in order, `/` written `\/`, `\b \f \n \r \t \" \\`, other
/// control characters as `\u00xx`, everything else as is (`JSONStringWriter`); integers as `String`
/// writes them. Where `SortedJSONEncoder` leaves a value to `JSONEncoder` (a `Double` on the way, a
/// key that is not ASCII: see there), `JSONEncoder` writes the text.
enum StoredJSONText {
    static func text<T: Encodable>(_ value: T, encoder: JSONEncoder) throws -> String {
        if let text = SortedJSONEncoder.text(value) { return String(decoding: text, as: UTF8.self) }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
