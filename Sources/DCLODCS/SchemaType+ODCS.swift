import DCLDomain

extension SchemaType {
    /// Types whose ODCS bounds are numbers rather than date text.
    var isNumeric: Bool {
        switch self {
        case .int, .long, .float, .double, .decimal: return true
        default: return false
        }
    }
}
