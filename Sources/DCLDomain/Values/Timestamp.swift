/// An instant in UTC with millisecond precision.
///
/// The domain never reads a clock: callers pass timestamps in. Printed and parsed as
/// ISO 8601 (`2026-11-25T19:38:42.123Z`) with pure calendar arithmetic, so the text form
/// (which event hashes cover) does not depend on the platform's date formatter.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public func adding(_ span: TimeSpan) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + span.seconds * 1000)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var iso8601: String {
        let fields = civilFields
        if (0...9999).contains(fields.year) {
            // Written byte by byte: timelines and hashes format two times per event.
            return String(unsafeUninitializedCapacity: 24) { Timestamp.write(fields, into: $0) }
        }
        return "\(pad(fields.year, 4))-\(pad(fields.month, 2))-\(pad(fields.day, 2))T\(pad(fields.hour, 2)):\(pad(fields.minute, 2)):"
            + "\(pad(fields.second, 2)).\(pad(fields.fraction, 3))Z"
    }

    /// Appends the bytes of `iso8601` to `bytes`, without building the string.
    public func writeISO8601(into bytes: inout [UInt8]) {
        let fields = civilFields
        guard (0...9999).contains(fields.year) else {
            bytes.append(contentsOf: iso8601.utf8)
            return
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 24))
        bytes.withUnsafeMutableBufferPointer { buffer in
            _ = Timestamp.write(fields, into: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Calls `body` with the bytes of `iso8601`, written into a buffer on the stack (valid only
    /// during the call): for writing a time out without building a string.
    public func withISO8601<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let fields = civilFields
        guard (0...9999).contains(fields.year) else {
            var text = iso8601
            return try text.withUTF8(body)
        }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            let count = Timestamp.write(fields, into: buffer)
            return try body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    private typealias CivilFields = (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, fraction: Int64)

    private var civilFields: CivilFields {
        let millis = millisecondsSinceEpoch
        let days = Int64((Double(millis) / 86_400_000).rounded(.down))
        let msOfDay = millis - days * 86_400_000
        let (year, month, day) = Timestamp.civil(fromDays: days)
        return (year, month, day, msOfDay / 3_600_000, (msOfDay / 60_000) % 60, (msOfDay / 1000) % 60, msOfDay % 1000)
    }

    /// Writes the 24 bytes of a time whose year has four digits; returns 24.
    private static func write(_ fields: CivilFields, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var index = 0
        // Each digit from a division by a constant (a multiply): a loop over the digits cost more
        // than the rest of writing a time, which happens two or three times per event projected.
        func put(_ value: Int64, _ width: Int) {
            if width == 4 {
                buffer[index] = UInt8(truncatingIfNeeded: 48 + value / 1000)
                buffer[index + 1] = UInt8(truncatingIfNeeded: 48 + value / 100 % 10)
            } else if width == 3 {
                buffer[index] = UInt8(truncatingIfNeeded: 48 + value / 100)
            }
            buffer[index + width - 2] = UInt8(truncatingIfNeeded: 48 + value / 10 % 10)
            buffer[index + width - 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
            index += width
        }
        func put(_ byte: UInt8) {
            buffer[index] = byte
            index += 1
        }
        put(fields.year, 4); put(UInt8(ascii: "-")); put(fields.month, 2); put(UInt8(ascii: "-")); put(fields.day, 2); put(UInt8(ascii: "T"))
        put(fields.hour, 2); put(UInt8(ascii: ":")); put(fields.minute, 2); put(UInt8(ascii: ":")); put(fields.second, 2)
        put(UInt8(ascii: ".")); put(fields.fraction, 3); put(UInt8(ascii: "Z"))
        return index
    }

    public var description: String { iso8601 }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM`
    /// (a time without zone is read as UTC). Returns nil for anything else.
    public init?(iso8601 text: String) {
        var trimmed = text.trimmingSpaces
        guard let milliseconds = trimmed.withUTF8({ Timestamp.milliseconds(iso8601: $0) }) else { return nil }
        self.init(millisecondsSinceEpoch: milliseconds)
    }

    /// `Timestamp(iso8601: String(decoding: bytes, as: UTF8.self))` without building the string
    /// when nothing needs trimming (readers parse two or three times per event).
    public init?(iso8601Bytes bytes: ArraySlice<UInt8>) {
        guard let parsed = bytes.withContiguousStorageIfAvailable({ Timestamp(iso8601Buffer: $0) }) else {
            self.init(iso8601: String(decoding: bytes, as: UTF8.self))
            return
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// The same, for bytes a reader lends (a database column, a Kafka message).
    public init?(iso8601Buffer bytes: UnsafeBufferPointer<UInt8>) {
        if let first = bytes.first, let last = bytes.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            guard let milliseconds = Timestamp.milliseconds(iso8601: bytes) else { return nil }
            self.init(millisecondsSinceEpoch: milliseconds)
        } else {
            self.init(iso8601: String(decoding: bytes, as: UTF8.self))
        }
    }

    private static func milliseconds(iso8601 chars: UnsafeBufferPointer<UInt8>) -> Int64? {
        // A cursor over bytes rather than nested closures over `Character`s: every event read
        // parses two or three of these.
        var cursor = ByteCursor(bytes: chars)
        guard let year = cursor.number(4), cursor.take(UInt8(ascii: "-")), let month = cursor.number(2), cursor.take(UInt8(ascii: "-")),
              let day = cursor.number(2), (1...12).contains(month), (1...Timestamp.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, millis: Int64 = 0, offsetMinutes: Int64 = 0
        if !cursor.atEnd {
            guard cursor.take(UInt8(ascii: "T")) || cursor.take(UInt8(ascii: " ")) || cursor.take(UInt8(ascii: "t")) else { return nil }
            guard let h = cursor.number(2), cursor.take(UInt8(ascii: ":")), let m = cursor.number(2), h < 24, m < 60 else { return nil }
            hour = h; minute = m
            if cursor.take(UInt8(ascii: ":")) {
                guard let s = cursor.number(2), s < 60 else { return nil }
                second = s
                if cursor.take(UInt8(ascii: ".")) {
                    var digits = 0
                    var fraction: Int64 = 0
                    while let digit = cursor.digit() {
                        if digits < 3 { fraction = fraction * 10 + digit }
                        digits += 1
                    }
                    guard digits > 0 else { return nil }
                    var scaled = digits
                    while scaled < 3 { fraction *= 10; scaled += 1 }
                    millis = fraction
                }
            }
            if cursor.take(UInt8(ascii: "Z")) || cursor.take(UInt8(ascii: "z")) {
            } else if !cursor.atEnd {
                let sign: Int64
                if cursor.take(UInt8(ascii: "+")) { sign = 1 } else if cursor.take(UInt8(ascii: "-")) { sign = -1 } else { return nil }
                guard let oh = cursor.number(2) else { return nil }
                _ = cursor.take(UInt8(ascii: ":"))
                guard let om = cursor.number(2), oh < 24, om < 60 else { return nil }
                offsetMinutes = sign * (oh * 60 + om)
            }
        }
        guard cursor.atEnd else { return nil }
        let days = Timestamp.days(fromCivil: year, month: month, day: day)
        let total = ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second
        return total * 1000 + millis
    }

    private struct ByteCursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index >= bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int64? {
            guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
            index += 1
            return Int64(bytes[index - 1] - 48)
        }

        mutating func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<width {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 time")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
    static func days(fromCivil year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

private func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
