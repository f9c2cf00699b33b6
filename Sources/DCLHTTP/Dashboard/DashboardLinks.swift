import Foundation

/// The dashboard's links: page paths with their query, every value percent-encoded, and `asOf`
/// carried along so a reader who travelled back in time stays there from page to page.
enum DashboardLinks {
    /// Characters left as they are in a query value (`&`, `=`, `+` and `#` are encoded).
    private static let queryValue: CharacterSet = {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#")
        return allowed
    }()

    /// Characters left as they are in one path segment (a contract id: `/` and `?` are encoded).
    private static let pathSegment: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#;")
        return allowed
    }()

    /// `path?name=value&…`, leaving out the parameters whose value is nil or empty.
    static func href(_ path: String, _ query: [(String, String?)]) -> String {
        let pairs = query.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + (value.addingPercentEncoding(withAllowedCharacters: queryValue) ?? "")
        }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    /// The contract page's path for `id`.
    static func contractPath(_ id: String) -> String {
        "/ui/contracts/" + (id.addingPercentEncoding(withAllowedCharacters: pathSegment) ?? id)
    }
}
