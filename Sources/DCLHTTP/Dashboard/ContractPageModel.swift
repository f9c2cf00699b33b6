import DCLApplication
import DCLDomain

/// The contract page (`GET /ui/contracts/{id}`): one version's header and schema table, every
/// version, the diff between any two, the quality trend, and the timeline of every event.
struct ContractPageModel: Sendable {
    struct Field: Sendable {
        var name: String
        var type: String
        var nullability: String
        var keys: String
        var classification: String
        var doc: String
    }

    struct Object: Sendable {
        var name: String
        var doc: String?
        var fields: [Field]
    }

    struct Rule: Sendable {
        var name: String
        var expression: String
        var target: String
    }

    struct Version: Sendable {
        var version: String
        var href: String
        var shown: Bool
        var recordedAt: String
        var actor: String
        var bump: String
        var mode: String
        var changeCount: Int
    }

    struct Option: Sendable {
        var value: String
        var selected: Bool
    }

    struct Change: Sendable {
        var kind: String
        var path: String
        var old: String
        var new: String
        var grade: String
    }

    struct Diff: Sendable {
        var from: String
        var to: String
        var changeCount: Int
        var hasChanges: Bool
        var changes: [Change]
    }

    struct Event: Sendable {
        var position: Int64
        var type: String
        var version: String
        var actor: String
        var recordedAt: String
        var summary: String
        var outcome: String
        var reason: String?
    }

    /// One quality run in the runs table.
    struct Run: Sendable {
        var runId: String
        var origin: String
        var version: String
        var startedAt: String
        var checks: Int
        var passed: Int
        var failed: Int
        var rows: String
        var failedClass: String
    }

    /// A failed check of the latest run.
    struct Failure: Sendable {
        var rule: String
        var value: String
        var threshold: String
    }

    var frame: PageFrame
    var path: String
    var contractId: String
    var name: String
    var status: String
    var version: String
    var isLatest: Bool
    var latestVersion: String
    var latestHref: String
    var domain: String
    var product: String
    var owner: String
    var deprecationReason: String?
    var description: String?
    var tags: String?
    var slaHours: Int
    var freshness: String
    var threshold: String
    var score: String
    var checks: String
    var objects: [Object]
    var rules: [Rule]
    var hasRules: Bool
    var versions: [Version]
    var fromOptions: [Option]
    var toOptions: [Option]
    var diff: Diff?
    var chart: QualityTrendChart?
    var timeline: [Event]
    var runs: [Run]
    var latestRun: Run?
    var latestFailures: [Failure]
    var hasFailures: Bool
    var hasRuns: Bool
    var latestAllPassed: Bool

    /// `shown` is the version the page shows; `diffFrom`/`diffTo` the pair it compares (nil with a
    /// single version).
    init(model: ContractReadModel, shown: ContractVersionRecord, diffFrom: ContractVersionRecord?, diffTo: ContractVersionRecord?,
         results: [QualityResultEntry], timeline: [HistoryEntry], runs: [QualityRunSummary], latestRun: QualityRunDetail?,
         asOf: String?) {
        let state = model.state
        let contract = shown.contract
        let id = state.id.rawValue
        let pagePath = DashboardLinks.contractPath(id)
        path = pagePath
        let shownText = contract.version.description
        let latestText = state.latestVersion.description
        frame = PageFrame(title: id, path: pagePath, asOf: asOf,
                          keep: [("version", shownText == latestText ? nil : shownText),
                                 ("from", diffFrom?.contract.version.description), ("to", diffTo?.contract.version.description)])
        contractId = id
        name = contract.name
        status = state.status.rawValue
        version = shownText
        isLatest = shownText == latestText
        latestVersion = latestText
        latestHref = DashboardLinks.href(pagePath, [("asOf", asOf)])
        domain = contract.domain?.rawValue ?? DataContract.unsetText
        product = contract.dataProduct
        owner = state.owner?.rawValue ?? DataContract.unsetText
        deprecationReason = state.deprecationReason
        description = contract.description.flatMap { $0.isEmpty ? nil : $0 }
        tags = contract.tags.isEmpty ? nil : contract.tags.joined(separator: ", ")
        slaHours = contract.serviceLevel.slaHours
        freshness = contract.serviceLevel.freshness.description
        threshold = contract.qualityThreshold.text
        score = model.quality.qualityScore?.text ?? "–"
        checks = model.quality.totalChecks == 0 ? "no checks recorded" : "\(model.quality.passedChecks)/\(model.quality.totalChecks) passed"
        objects = contract.schema.map { object in
            Object(name: object.name, doc: object.doc.flatMap { $0.isEmpty ? nil : $0 }, fields: object.fields.map { field in
                Field(name: field.name, type: field.type.nonNull.description, nullability: field.isRequired ? "required" : "optional",
                      keys: [field.primaryKey ? "primary key" : nil, field.unique ? "unique" : nil].compactMap { $0 }.joined(separator: ", "),
                      classification: field.classification ?? "", doc: field.doc ?? "")
            })
        }
        rules = contract.quality.map { rule in
            Rule(name: rule.name, expression: rule.kind.expression, target: [rule.object, rule.column].compactMap { $0 }.joined(separator: "."))
        }
        hasRules = !rules.isEmpty
        versions = state.versions.map { record in
            let text = record.contract.version.description
            return Version(version: text, href: DashboardLinks.href(pagePath, [("version", text == latestText ? nil : text), ("asOf", asOf)]),
                           shown: text == shownText, recordedAt: record.recordedAt.iso8601, actor: record.actor,
                           bump: record.decision?.computedBump ?? "–", mode: record.decision?.mode ?? "–", changeCount: record.changes.count)
        }
        let all = state.versions.map { $0.contract.version.description }
        fromOptions = all.map { Option(value: $0, selected: $0 == diffFrom?.contract.version.description) }
        toOptions = all.map { Option(value: $0, selected: $0 == diffTo?.contract.version.description) }
        if let diffFrom, let diffTo {
            let changes = ContractDiff.changes(from: diffFrom.contract, to: diffTo.contract).map { change in
                Change(kind: change.kind.rawValue, path: change.path, old: change.old ?? "", new: change.new ?? "",
                       grade: (change.grade ?? change.kind.usualGrade.grade).rawValue)
            }
            diff = Diff(from: diffFrom.contract.version.description, to: diffTo.contract.version.description,
                        changeCount: changes.count, hasChanges: !changes.isEmpty, changes: changes)
        }
        let thresholdValue = contract.qualityThreshold.doubleValue
        chart = QualityTrendChart(results: results, threshold: thresholdValue.isNaN ? nil : thresholdValue)
        func row(_ run: QualityRunSummary) -> Run {
            Run(runId: run.runId, origin: run.origin, version: run.contractVersion ?? "–", startedAt: run.startedAt, checks: run.checks,
                passed: run.passed, failed: run.failed, rows: run.rowsScanned.map(String.init) ?? "–", failedClass: run.failed > 0 ? "bad" : "ok")
        }
        // The latest runs first; a contract checked every few minutes has thousands.
        self.runs = runs.prefix(50).map(row)
        self.latestRun = latestRun.map { row($0.summary) }
        latestFailures = (latestRun?.failedResults ?? []).map { Failure(rule: $0.rule, value: $0.value ?? "–", threshold: $0.threshold ?? "–") }
        hasFailures = !latestFailures.isEmpty
        hasRuns = !self.runs.isEmpty
        latestAllPassed = latestRun != nil && latestFailures.isEmpty
        self.timeline = timeline.map { entry in
            Event(position: entry.position, type: entry.type, version: entry.version ?? "", actor: entry.actor, recordedAt: entry.recordedAt,
                  summary: entry.summary, outcome: entry.outcome, reason: entry.reason)
        }
    }
}
