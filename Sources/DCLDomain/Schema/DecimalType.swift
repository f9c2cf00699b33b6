/// Avro's `decimal` logical type: `precision` significant digits, `scale` after the point.
public struct DecimalType: Sendable, Hashable, Codable {
    public var precision: Int
    public var scale: Int

    public init(precision: Int, scale: Int) {
        self.precision = precision
        self.scale = scale
    }

    /// Avro requires `0 < precision` and `0 <= scale <= precision`.
    public var isValid: Bool { precision > 0 && scale >= 0 && scale <= precision }
}
