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
        withBytes(text) { isInteger($0) }
    }

    /// `[+-]?digits`, on a value's UTF-8 bytes.
    static func isInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { return false }
        while index < bytes.count {
            guard bytes[index] &- 0x30 < 10 else { return false }
            index += 1
        }
        return true
    }

    /// `[+-]?(digits[.digits*] | .digits)([eE][+-]?digits)?` as a Double, else nil.
    public static func number(_ text: String) -> Double? {
        withBytes(text) { numberValue($0) }
    }

    /// The number the bytes spell under the number grammar, else nil. Correctly rounded, the same
    /// Double as `Double(String)`: values of at most 19 significant digits whose mantissa fits in 53 bits
    /// and whose decimal exponent is within ±22 are computed exactly (one multiplication or division
    /// of two exact doubles: Clinger's fast path); the others go through `Double(String)`.
    static func numberValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        if let value = plainDecimalValue(bytes) { return value }
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var scale = 0
        var digitCount = 0
        while index < bytes.count, bytes[index] &- 0x30 < 10 {
            accumulate(bytes[index], &mantissa, &significant, &scale, fraction: false)
            digitCount += 1
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] &- 0x30 < 10 {
                accumulate(bytes[index], &mantissa, &significant, &scale, fraction: true)
                digitCount += 1
                index += 1
            }
        }
        guard digitCount > 0 else { return nil }
        var exponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let start = index
            while index < bytes.count, bytes[index] &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] &- 0x30) }
                index += 1
            }
            guard index > start else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        guard index == bytes.count else { return nil }
        let power = exponent + scale
        if significant <= 19, mantissa <= 1 << 53, (-22...22).contains(power) {
            var value = Double(mantissa)
            value = power < 0 ? value / powersOfTen[-power] : value * powersOfTen[power]
            return negative ? -value : value
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    /// The common case in one tight loop: `[+-]digits[.digits]`, at most 19 digits in all, no
    /// exponent, the digits' integer at most 2^53. The digits read as one integer `m` (leading zeros
    /// add nothing) and the value is `m / 10^f` for `f` fraction digits: the same single exact division
    /// `numberValue` makes for such text, so the same double. Nil for anything else (the general
    /// path decides it).
    @inline(__always)
    private static func plainDecimalValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count > 0, count <= 20 else { return nil }
        var index = 0
        let sign = bytes[0]
        let negative = sign == UInt8(ascii: "-")
        if negative || sign == UInt8(ascii: "+") { index = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while index < count {
            let digit = bytes[index] &- 0x30
            if digit < 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if bytes[index] == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0, digits <= 19, mantissa <= 1 << 53 else { return nil }
        let value = fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    /// Adds one digit to a mantissa of at most 19 significant digits (leading zeros do not count);
    /// `scale` is the power of ten the mantissa is to be multiplied by.
    @inline(__always)
    private static func accumulate(_ byte: UInt8, _ mantissa: inout UInt64, _ significant: inout Int, _ scale: inout Int,
                                   fraction: Bool) {
        let digit = UInt64(byte &- 0x30)
        if significant == 0 && digit == 0 {
            if fraction { scale -= 1 }
            return
        }
        if significant < 19 {
            mantissa = mantissa &* 10 &+ digit
            significant += 1
            if fraction { scale -= 1 }
        } else {
            // More digits than the fast path handles: mark the value for Double(String).
            significant += 1
            if !fraction { scale += 1 }
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
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
        withBytes(text) { isDate($0) }
    }

    static func isDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == 10 && civilDay(bytes) != nil
    }

    /// A date (`YYYY-MM-DD`, midnight UTC) or a timestamp (`YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` then
    /// `Z`, `±HH:MM` or nothing for UTC) as milliseconds since 1970, else nil.
    public static func epochMilliseconds(_ text: String) -> Int64? {
        withBytes(text) { epochMilliseconds($0) }
    }

    static func epochMilliseconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 10, let day = civilDay(bytes) else { return nil }
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

    /// Runs `body` on a string's UTF-8 bytes (native strings are contiguous: no copy).
    private static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = text
        return text.withUTF8(body)
    }

    private static func digit(_ byte: UInt8) -> Int64? {
        byte >= 0x30 && byte <= 0x39 ? Int64(byte - 0x30) : nil
    }

    private static let monthLengths: [Int64] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    /// Days since 1970-01-01 of `YYYY-MM-DD`, else nil.
    private static func civilDay(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                guard let digit = digit(bytes[index]) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10) else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        guard (1...12).contains(month), day >= 1, day <= (month == 2 ? (leap ? 29 : 28) : monthLengths[Int(month - 1)]) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
