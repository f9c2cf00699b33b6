import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id (the client's `X-Request-Id` when it sends a sane one), puts it in the
/// request's logger metadata and the response's `X-Request-Id` header, logs one line per request at
/// debug level, and records its duration by route, method and status.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = Self.id(from: request)
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
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

    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    static func id(from request: Request) -> String {
        if let given = request.headers[header], (1...128).contains(given.count),
           given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
            return given
        }
        return UUID().uuidString.lowercased()
    }
}

extension Duration {
    /// Whole and fractional milliseconds, for logs.
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
