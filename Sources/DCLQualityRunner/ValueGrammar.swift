/// The strict text grammars behind type checks, ranges and freshness: what counts as an integer,
/// a number, a date or a timestamp, whichever source the text came from. Stricter than `Double(_:)`
/// on purpose (no `nan`, `inf`, hexadecimal or surrounding spaces: a CSV cell `" 5"` is not a number).
///
/// ```swift
/// ValueGrammar.number("-12.5e3")                          // -12500
/// ValueGrammar.epochMilliseconds("2026-12-01")            // midnight UTC that day
/// ValueGrammar.epochMilliseconds("2026-12-01 06:00:00")   // no zone: UTC
/// ```
public enum ValueGrammar {
    /// `[+-]?digits`.
    public static func isInteger(_ text: String) -> Bool {
        var utf8 = Substring(text).utf8[...]
        if let first = utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        return !utf8.isEmpty && utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `[+-]?(digits[.digits*] | .digits)([eE][+-]?digits)?` as a Double, else nil.
    public static func number(_ text: String) -> Double? {
        var scanned = text
        // Native strings are contiguous UTF-8: scan them in place, without a copy per value.
        let valid = scanned.withUTF8 { number($0) }
        return valid ? Double(text) : nil
    }

    /// Whether the bytes follow the number grammar.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        var mantissa = digits()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }

    /// `YYYY-MM-DD`, a real calendar day.
    public static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 10 && civilDay(bytes) != nil
    }

    /// A date (`YYYY-MM-DD`, midnight UTC) or a timestamp (`YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` then
    /// `Z`, `±HH:MM` or nothing for UTC) as milliseconds since 1970, else nil.
    public static func epochMilliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, let day = civilDay(Array(bytes[0..<10])) else { return nil }
        var millis = day * 86_400_000
        if bytes.count == 10 { return millis }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "t") else { return nil }
        var index = 11
        func twoDigits() -> Int64? {
            guard index + 2 <= bytes.count, let high = digit(bytes[index]), let low = digit(bytes[index + 1]) else { return nil }
            index += 2
            return high * 10 + low
        }
        func take(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue! else { return false }
            index += 1
            return true
        }
        guard let hour = twoDigits(), hour < 24, take(":"), let minute = twoDigits(), minute < 60 else { return nil }
        var second: Int64 = 0
        var fraction: Int64 = 0
        if take(":") {
            guard let value = twoDigits(), value < 61 else { return nil }
            second = value
            if take(".") || take(",") {
                var scale: Int64 = 100
                let start = index
                while index < bytes.count, let value = digit(bytes[index]) {
                    fraction += value * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
        }
        millis += ((hour * 60 + minute) * 60 + second) * 1000 + fraction
        if index == bytes.count || take("Z") || take("z") { return index == bytes.count ? millis : nil }
        guard index < bytes.count else { return nil }
        let sign: Int64
        if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
        guard let offsetHours = twoDigits() else { return nil }
        _ = take(":")
        let offsetMinutes = index < bytes.count ? twoDigits() : 0
        guard let offsetMinutes, index == bytes.count, offsetHours < 24, offsetMinutes < 60 else { return nil }
        return millis - sign * (offsetHours * 60 + offsetMinutes) * 60_000
    }

    private static func digit(_ byte: UInt8) -> Int64? {
        byte >= 0x30 && byte <= 0x39 ? Int64(byte - 0x30) : nil
    }

    /// Days since 1970-01-01 of `YYYY-MM-DD`, else nil.
    private static func civilDay(_ bytes: [UInt8]) -> Int64? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        var fields: [Int64] = []
        for range in [0..<4, 5..<7, 8..<10] {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard let digit = digit(byte) else { return nil }
                value = value * 10 + digit
            }
            fields.append(value)
        }
        let (year, month, day) = (fields[0], fields[1], fields[2])
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), day >= 1, day <= lengths[Int(month - 1)] else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
