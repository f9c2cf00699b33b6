import DCLDomain
import Foundation
import HTTPTypes
import Hummingbird

/// Reading what a request carries — path and query parameters, bodies — into domain values, with
/// a 400 problem naming the parameter when one is malformed.
enum RequestInput {
    /// The largest body the API reads (a contract document is a few kilobytes).
    static let maxBodyBytes = 4 << 20

    static func contractID(_ context: some RequestContext) throws -> ContractID {
        let raw = context.parameters.get("id") ?? ""
        // Foundation's decoding is slow enough to show on a kept read: most ids have nothing to decode.
        let text = raw.utf8.contains(UInt8(ascii: "%")) ? raw.removingPercentEncoding ?? raw : raw
        guard let id = ContractID(text) else {
            throw APIProblem.badParameter("id", "'\(text)' is not a contract id (printable, no spaces or '/', at most 200 characters)")
        }
        return id
    }

    static func query(_ request: Request, _ name: String) -> String? {
        // Each `queryParameters` parses and decodes the whole query again, and a catalog read asks
        // for nine names: a query that does not even contain `name=` is not parsed for it.
        guard let raw = request.uri.query, contains(raw, name + "=") else { return nil }
        guard let value = request.uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    /// `?asOf=`: an ISO 8601 record time, accepted on every read.
    static func asOf(_ request: Request) throws -> Timestamp? {
        guard let text = query(request, "asOf") else { return nil }
        guard let time = Timestamp(iso8601: text) else {
            throw APIProblem.badParameter("asOf", "'\(text)' is not an ISO 8601 time (e.g. 2026-11-25T08:00:00Z or 2026-11-25)")
        }
        return time
    }

    /// `?domain=` where it scopes an answer to one domain: a domain name or absent.
    static func domain(_ request: Request) throws -> String? {
        guard let text = query(request, "domain") else { return nil }
        guard DomainName(text) != nil else { throw APIProblem.badParameter("domain", "'\(text)' is not a domain name") }
        return text
    }

    /// Governance answers are for the ledger as it is now (their read models keep no history), so
    /// an `asOf` there is refused rather than silently ignored.
    static func refuseAsOf(_ request: Request) throws {
        guard query(request, "asOf") == nil else {
            throw APIProblem.badParameter("asOf", "governance views answer for the current ledger only; drop asOf")
        }
    }

    static func version(_ request: Request, _ name: String) throws -> SemanticVersion? {
        guard let text = query(request, name) else { return nil }
        guard let version = SemanticVersion(text) else {
            throw APIProblem.badParameter(name, "'\(text)' is not a semantic version (MAJOR.MINOR.PATCH)")
        }
        return version
    }

    static func integer(_ request: Request, _ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query(request, name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw APIProblem.badParameter(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }

    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let text = query(request, name) else { return false }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIProblem.badParameter(name, "must be true or false, not '\(text)'")
        }
    }

    static func status(_ request: Request) throws -> ContractStatus? {
        guard let text = query(request, "status") else { return nil }
        // Any status is a status (ODCS allows others); the known ones match in any letter case.
        guard let status = ContractStatus(rawValue: text) else { throw APIProblem.badParameter("status", "must not be empty") }
        return status
    }

    /// The body as text (UTF-8).
    static func bodyText(_ request: Request) async throws -> String {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBodyBytes)
        return String(buffer: buffer)
    }

    /// The body decoded from JSON, or a 400 problem saying what is wrong with it.
    static func json<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let text = try await bodyText(request)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw APIProblem.badBody(describe(error))
        } catch {
            throw APIProblem.badBody("the body is not JSON: \(error)")
        }
    }

    /// A decoding error as "at PATH: what", without Swift's type names.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "(body)" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])): required member is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context.codingPath)): wrong type (\(context.debugDescription))"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "the body is not valid JSON"
        }
    }

    /// Who acted: the `DCL-Actor` header, else the server's default actor.
    static func actor(_ request: Request, default fallback: String) -> String {
        guard let name = HTTPField.Name("DCL-Actor"), let value = request.headers[name], !value.isEmpty else { return fallback }
        return value
    }

    /// Whether the client asked for ODCS YAML rather than JSON.
    static func wantsYAML(_ request: Request) -> Bool {
        guard let accept = request.headers[.accept]?.lowercased() else { return false }
        return contains(accept, "application/yaml") || contains(accept, "application/x-yaml") || contains(accept, "text/yaml")
    }

    /// Whether `text` holds `part`, compared byte for byte. With Foundation imported, `String.contains`
    /// goes through `NSString` and CoreFoundation's search, and the standard library's generic
    /// `firstRange(of:)` is not specialised here: either costs a kept read more than its answer.
    static func contains(_ text: String, _ part: String) -> Bool {
        var text = text
        var part = part
        return text.withUTF8 { haystack in
            part.withUTF8 { needle in
                guard let first = needle.first else { return true }
                guard needle.count <= haystack.count else { return false }
                var start = 0
                while start <= haystack.count - needle.count {
                    if haystack[start] == first,
                       memcmp(haystack.baseAddress! + start, needle.baseAddress!, needle.count) == 0 {
                        return true
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
