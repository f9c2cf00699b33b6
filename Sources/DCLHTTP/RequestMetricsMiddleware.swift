import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id (the client's `X-Request-Id` when it sends a sane one), puts it in
/// every log line of the request (as `request_id`, see `RequestIDs.metadataProvider`) and the
/// response's `X-Request-Id` header, logs one line per request at
/// debug level, and records its duration by route, method and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let ids = RequestIDs()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = id(from: request)
        // Every log line of the request gets the id from the logger's metadata provider
        // (`RequestIDs.metadataProvider`), which reads it from this task-local only when a line is
        // written; setting it in the logger's metadata instead re-formats all of it per request.
        return try await RequestIDs.$current.withValue(requestID) {
            let started = ContinuousClock.now
            // Problems are rendered below this middleware, so every request arrives here as a response.
            var response = try await next(request, context)
            let elapsed = ContinuousClock.now - started
            // The matched route pattern, not the raw path: one series per route, whatever ids are asked for.
            let route = context.endpointPath ?? "unmatched"
            metrics.recordRequest(route: route, method: request.method.rawValue, status: Int(response.status.code), duration: elapsed)
            response.headers[Self.header] = requestID
            context.logger.debug("request", metadata: ["method": "\(request.method.rawValue)", "route": "\(route)",
                                                       "status": "\(response.status.code)", "duration_ms": "\(elapsed.milliseconds)"])
            return response
        }
    }

    static var header: HTTPField.Name { RequestIDs.header }

    /// The client's id when it is sane (at most 128 letters, digits, `-`, `_`, `.`), else a new one.
    func id(from request: Request) -> String {
        if let given = request.headers[Self.header], (1...128).contains(given.utf8.count),
           given.utf8.allSatisfy(Self.allowedInID) {
            return given
        }
        return ids.next()
    }

    /// An ASCII letter or digit, `-`, `_` or `.`.
    static func allowedInID(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }
}

extension Duration {
    /// Whole and fractional milliseconds, for logs.
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
