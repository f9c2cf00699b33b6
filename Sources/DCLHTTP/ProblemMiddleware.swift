import Hummingbird
import Logging

/// Turns every error thrown below it (a port's rejection, a bad parameter, an unknown route)
/// into an RFC 9457 `application/problem+json` response, and logs server-side failures.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as RegistryError {
            return error.response
        } catch {
            let problem = APIProblem.from(error)
            if problem.status.code >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "problem": "\(problem.slug)",
                                                                  "detail": "\(problem.detail)"])
            }
            return problem.response
        }
    }
}
