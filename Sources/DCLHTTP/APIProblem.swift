import DCLApplication
import DCLDomain
import DCLEventLog
import DCLODCS
import Foundation
import Hummingbird

/// An RFC 9457 problem: every error the API answers is one, as `application/problem+json`.
///
/// `type` is a stable URI (`urn:dcl:problem:<slug>`, listed in docs/http-api.md) that clients can
/// switch on; `detail` carries the same message the CLI prints for the same failure. Extension
/// members name what and where: `rule` (the ledger rule's id), `file`, `line`, `path` (the ODCS
/// field), `parameter` (the query parameter).
///
/// ```swift
/// throw APIProblem.badParameter("limit", "must be a whole number from 1 to 1000, not 'x'")
/// ```
public struct APIProblem: Error, Sendable, Hashable {
    public var status: HTTPResponse.Status
    /// The slug of the stable type URI.
    public var slug: String
    public var title: String
    public var detail: String
    /// Extension members (string-valued).
    public var extensions: [String: String]

    public init(status: HTTPResponse.Status, slug: String, title: String, detail: String, extensions: [String: String] = [:]) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.extensions = extensions
    }

    public static let typePrefix = "urn:dcl:problem:"
    public var type: String { Self.typePrefix + slug }

    // MARK: Common problems

    public static func badParameter(_ name: String, _ message: String) -> APIProblem {
        APIProblem(status: .badRequest, slug: "invalid-parameter", title: "Invalid parameter",
                   detail: "\(name): \(message)", extensions: ["parameter": name])
    }

    public static func notFound(_ detail: String) -> APIProblem {
        APIProblem(status: .notFound, slug: "not-found", title: "Not found", detail: detail)
    }

    public static func badBody(_ detail: String) -> APIProblem {
        APIProblem(status: .badRequest, slug: "invalid-body", title: "Invalid request body", detail: detail)
    }

    /// Maps a failure of a port onto a problem: rule rejections keep their rule id and message.
    public static func from(_ error: any Error) -> APIProblem {
        switch error {
        case let problem as APIProblem:
            return problem
        case let error as ODCSError:
            var extensions = ["file": error.file, "path": error.field]
            if let line = error.line { extensions["line"] = String(line) }
            return APIProblem(status: .unprocessableContent, slug: "invalid-contract", title: "Invalid ODCS contract",
                              detail: error.description, extensions: extensions)
        case let error as LedgerServiceError:
            switch error {
            case .rejected(let rejection):
                return rejected(rejection, detail: error.description)
            case .conflict(let failure):
                var extensions = ["rule": LedgerRejection.Code.conflict.rawValue]
                if let stream = failure.stream { extensions["stream"] = stream.description }
                return APIProblem(status: .conflict, slug: "conflict", title: "Conflicting write",
                                  detail: error.description, extensions: extensions)
            case .log(let failure):
                return APIProblem(status: .serviceUnavailable, slug: "ledger-unavailable", title: "Ledger unavailable",
                                  detail: failure.message)
            case .invalidInput(let message):
                return badBody(message)
            }
        case let error as EventLogError:
            return APIProblem(status: .serviceUnavailable, slug: "ledger-unavailable", title: "Ledger unavailable", detail: error.message)
        case let error as HTTPError:
            let status = error.status
            let slug = status == .notFound ? "not-found" : (status == .methodNotAllowed ? "method-not-allowed" : "http-\(status.code)")
            return APIProblem(status: status, slug: slug, title: status.reasonPhrase,
                              detail: error.body ?? status.reasonPhrase)
        default:
            return APIProblem(status: .internalServerError, slug: "internal", title: "Internal error", detail: "\(error)")
        }
    }

    /// A ledger rule refused the command: 409 when the version or stream was taken (publish a
    /// higher version, or retry), 404 for an unknown contract, 422 for every other rule.
    static func rejected(_ rejection: LedgerRejection, detail: String) -> APIProblem {
        let status: HTTPResponse.Status
        let slug: String
        switch rejection.code {
        case .conflict, .versionExists, .versionNotIncreasing, .sequenceGap:
            status = .conflict
            slug = "version-conflict"
        case .unknownContract:
            status = .notFound
            slug = "unknown-contract"
        default:
            status = .unprocessableContent
            slug = "rule-rejected"
        }
        return APIProblem(status: status, slug: slug, title: "Rejected by the ledger's rules", detail: detail,
                          extensions: ["rule": rejection.code.rawValue])
    }

    /// The problem as an `application/problem+json` response.
    public var response: Response {
        let body = (try? JSONResponse.encoder.encode(ProblemDocument(problem: self))) ?? Data()
        return Response(status: status, headers: [.contentType: "application/problem+json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The JSON members of a problem: the standard ones, then the extensions at the same level
/// (RFC 9457 §3.2), so a key-sorted encoder prints the same bytes for the same problem.
struct ProblemDocument: Encodable {
    let problem: APIProblem

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(problem.type, forKey: Key("type"))
        try container.encode(problem.title, forKey: Key("title"))
        try container.encode(Int(problem.status.code), forKey: Key("status"))
        try container.encode(problem.detail, forKey: Key("detail"))
        for (key, value) in problem.extensions where !["type", "title", "status", "detail"].contains(key) {
            try container.encode(value, forKey: Key(key))
        }
    }
}
