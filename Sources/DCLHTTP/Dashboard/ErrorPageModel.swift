/// A dashboard page that could not be answered: the problem's status, title and detail, as HTML
/// (the API answers the same problems as `application/problem+json`).
struct ErrorPageModel: Sendable {
    var frame: PageFrame
    var status: Int
    var title: String
    var detail: String

    init(problem: APIProblem, asOf: String?) {
        frame = PageFrame(title: problem.title, path: "/ui", asOf: asOf)
        status = Int(problem.status.code)
        title = problem.title
        detail = problem.detail
    }
}
