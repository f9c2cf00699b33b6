import Mustache

/// The web dashboard's Mustache templates, compiled once. Every `{{name}}` is HTML-escaped by the
/// renderer (contract text is hostile input); no template uses the unescaped `{{{name}}}` form, and
/// the pages carry no JavaScript at all (the Content-Security-Policy sent with them forbids it).
enum DashboardTemplates {
    /// The library with every page and its partials; a template that fails to parse is a
    /// programming error caught by the first test that renders a page.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in [("head", head), ("foot", foot), ("catalog", catalog), ("contract", contract),
                             ("quality", quality), ("audit", audit), ("error", error)] {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("dashboard template '\(name)' does not parse: \(error)")
            }
        }
        return library
    }()

    static let head = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="icon" href="data:,">
    <title>{{frame.title}} · dcl</title>
    <style>
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
    header{background:#1d2433;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
    header a{color:#cfe0ff;text-decoration:none;font-weight:600}
    header a.brand{color:#fff;font-size:16px}
    header form{margin-left:auto;display:flex;gap:6px;align-items:center}
    header input{width:190px}
    main{padding:16px 24px;max-width:1200px}
    h1{font-size:22px;margin:8px 0}
    h2{font-size:17px;margin:22px 0 8px}
    table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0 12px}
    th,td{border-bottom:1px solid #e3e6eb;padding:5px 8px;text-align:left;vertical-align:top}
    th{background:#eef1f5;font-weight:600}
    form.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:end;background:#fff;padding:10px;border:1px solid #e3e6eb}
    form.filters label{display:flex;flex-direction:column;font-size:12px;color:#555}
    input,select,button{font:inherit;padding:3px 6px}
    .muted{color:#667085}
    .pill{display:inline-block;padding:0 7px;border-radius:9px;background:#e6ecf5;font-size:12px}
    .st-active{background:#d7f5dd}.st-deprecated{background:#fff0c2}.st-retired{background:#f3d4d4}
    .ok{color:#137333;font-weight:600}.bad{color:#b3261e;font-weight:600}
    .grade-breaking-for-producers,.grade-breaking-for-consumers,.grade-breaking-for-both{color:#b3261e;font-weight:600}
    .asof{background:#fff0c2;color:#1d2433;padding:2px 8px;border-radius:4px}
    svg.trend{background:#fff;border:1px solid #e3e6eb}
    svg.trend .line{fill:none;stroke:#2f6fdb;stroke-width:2}
    svg.trend .pass{fill:#137333}svg.trend .fail{fill:#b3261e}
    svg.trend .threshold{stroke:#a15c00;stroke-dasharray:4 3}
    svg.trend .grid{stroke:#e3e6eb}
    svg.trend text{font-size:11px;fill:#667085}
    pre{white-space:pre-wrap;word-break:break-word}
    </style>
    </head>
    <body>
    <header>
    <a class="brand" href="{{frame.catalogHref}}">dcl</a>
    <a href="{{frame.catalogHref}}">Catalog</a>
    <a href="{{frame.qualityHref}}">Quality</a>
    <a href="{{frame.auditHref}}">Audit</a>
    <form method="get" action="{{frame.path}}" id="asof-form">
    {{#frame.keep}}<input type="hidden" name="{{name}}" value="{{value}}">{{/frame.keep}}
    <label for="asOf">as of</label>
    <input id="asOf" name="asOf" value="{{frame.asOf}}" placeholder="now (ISO 8601 time)">
    <button type="submit">Go</button>
    {{#frame.asOf}}<a href="{{frame.nowHref}}">now</a>{{/frame.asOf}}
    </form>
    </header>
    <main>
    {{#frame.asOf}}<p><span class="asof" id="asof-banner">The ledger as it stood at {{frame.asOf}}</span></p>{{/frame.asOf}}
    """

    static let foot = """
    </main>
    </body>
    </html>
    """

    static let catalog = """
    {{> head}}
    <h1>Catalog</h1>
    <form class="filters" method="get" action="/ui" id="search">
    <label>text <input name="q" value="{{q}}" placeholder="id, name, description, tag"></label>
    <label>domain <input name="domain" value="{{domain}}"></label>
    <label>owner <input name="owner" value="{{owner}}"></label>
    <label>tag <input name="tag" value="{{tag}}"></label>
    <label>field <input name="field" value="{{field}}"></label>
    <label>status <select name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></label>
    {{#frame.asOf}}<input type="hidden" name="asOf" value="{{frame.asOf}}">{{/frame.asOf}}
    <button type="submit">Search</button>
    <a href="{{clearHref}}">clear</a>
    </form>
    <p class="muted" id="count">{{total}} product(s){{#shownRange}}, showing {{shownRange}}{{/shownRange}}</p>
    {{#hasEntries}}
    <table id="catalog">
    <thead><tr><th>contract</th><th>domain</th><th>version</th><th>status</th><th>owner</th><th>quality</th><th>tags</th></tr></thead>
    <tbody>
    {{#entries}}
    <tr class="entry" data-contract="{{contractId}}">
    <td><a href="{{href}}">{{contractId}}</a><div class="muted">{{name}}</div></td>
    <td>{{domain}}</td><td>{{version}}</td><td><span class="pill st-{{status}}">{{status}}</span></td><td>{{owner}}</td>
    <td>{{score}} <span class="muted">{{checks}}</span></td><td>{{tags}}</td>
    </tr>
    {{/entries}}
    </tbody>
    </table>
    {{/hasEntries}}
    {{^entries}}<p id="empty">No product matches.</p>{{/entries}}
    <p>{{#previousHref}}<a href="{{previousHref}}" id="previous">previous page</a> {{/previousHref}}{{#nextHref}}<a href="{{nextHref}}" id="next">next page</a>{{/nextHref}}</p>
    {{> foot}}
    """

    static let contract = """
    {{> head}}
    <h1 id="contract-title">{{name}} <span class="muted">{{contractId}}</span></h1>
    <p><span class="pill st-{{status}}">{{status}}</span> version <strong id="shown-version">{{version}}</strong>{{#isLatest}} (latest){{/isLatest}}{{^isLatest}} (latest: <a href="{{latestHref}}">{{latestVersion}}</a>){{/isLatest}}
    · domain {{domain}} · product {{product}} · owner {{owner}}</p>
    {{#deprecationReason}}<p class="bad">Deprecated: {{deprecationReason}}</p>{{/deprecationReason}}
    {{#description}}<p>{{description}}</p>{{/description}}
    <p class="muted">SLA: delivery within {{slaHours}} h, fresh within {{freshness}} · quality threshold {{threshold}}{{#tags}} · tags: {{tags}}{{/tags}}
    · quality score <strong id="score">{{score}}</strong> ({{checks}})</p>

    <h2>Schema</h2>
    {{#objects}}
    <h3>{{name}}{{#doc}} <span class="muted">— {{doc}}</span>{{/doc}}</h3>
    <table class="schema">
    <thead><tr><th>field</th><th>type</th><th>null</th><th>keys</th><th>classification</th><th>description</th></tr></thead>
    <tbody>{{#fields}}<tr><td>{{name}}</td><td>{{type}}</td><td>{{nullability}}</td><td>{{keys}}</td><td>{{classification}}</td><td>{{doc}}</td></tr>{{/fields}}</tbody>
    </table>
    {{/objects}}
    {{^objects}}<p class="muted">No schema objects.</p>{{/objects}}
    {{#hasRules}}
    <h2>Quality rules</h2>
    <table><thead><tr><th>rule</th><th>check</th><th>on</th></tr></thead>
    <tbody>{{#rules}}<tr><td>{{name}}</td><td>{{expression}}</td><td>{{target}}</td></tr>{{/rules}}</tbody></table>
    {{/hasRules}}

    <h2>Versions</h2>
    <table id="versions">
    <thead><tr><th>version</th><th>recorded</th><th>by</th><th>bump</th><th>mode</th><th>changes</th></tr></thead>
    <tbody>{{#versions}}<tr><td><a href="{{href}}">{{version}}</a>{{#shown}} ◀{{/shown}}</td><td>{{recordedAt}}</td><td>{{actor}}</td><td>{{bump}}</td><td>{{mode}}</td><td>{{changeCount}}</td></tr>{{/versions}}</tbody>
    </table>

    <h2>Diff</h2>
    <form class="filters" method="get" action="{{path}}" id="diff-form">
    <label>from <select name="from" id="diff-from">{{#fromOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/fromOptions}}</select></label>
    <label>to <select name="to" id="diff-to">{{#toOptions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/toOptions}}</select></label>
    {{#frame.asOf}}<input type="hidden" name="asOf" value="{{frame.asOf}}">{{/frame.asOf}}
    <button type="submit">Compare</button>
    </form>
    {{#diff}}
    <p id="diff-heading">Changes from {{from}} to {{to}}: {{changeCount}}</p>
    {{#hasChanges}}
    <table id="diff">
    <thead><tr><th>change</th><th>path</th><th>before</th><th>after</th><th>grade</th></tr></thead>
    <tbody>{{#changes}}<tr class="change"><td>{{kind}}</td><td>{{path}}</td><td>{{old}}</td><td>{{new}}</td><td class="grade-{{grade}}">{{grade}}</td></tr>{{/changes}}</tbody>
    </table>
    {{/hasChanges}}
    {{/diff}}
    {{^diff}}<p class="muted">One version only: nothing to compare yet.</p>{{/diff}}

    <h2>Quality trend</h2>
    {{#chart}}
    <p class="muted">Running pass rate after each result{{#note}} ({{note}}){{/note}}; dots: <span class="ok">passed</span> / <span class="bad">failed</span>; dashed: the threshold.</p>
    <svg class="trend" id="quality-trend" xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="quality trend">
    {{#gridLines}}<line class="grid" x1="{{x1}}" y1="{{y}}" x2="{{x2}}" y2="{{y}}"/><text x="4" y="{{labelY}}">{{label}}</text>{{/gridLines}}
    {{#thresholdY}}<line class="threshold" x1="{{left}}" y1="{{thresholdY}}" x2="{{right}}" y2="{{thresholdY}}"/>{{/thresholdY}}
    <polyline class="line" points="{{points}}"/>
    {{#dots}}<circle class="{{outcome}}" cx="{{x}}" cy="{{y}}" r="3.5"><title>{{label}}</title></circle>{{/dots}}
    <text x="{{left}}" y="{{axisY}}">{{firstLabel}}</text>
    <text x="{{right}}" y="{{axisY}}" text-anchor="end">{{lastLabel}}</text>
    </svg>
    <table id="results"><thead><tr><th>observed</th><th>rule</th><th>result</th><th>value</th><th>score so far</th></tr></thead>
    <tbody>{{#recent}}<tr><td>{{checkedAt}}</td><td>{{rule}}</td><td class="{{resultClass}}">{{result}}</td><td>{{value}}</td><td>{{scoreSoFar}}</td></tr>{{/recent}}</tbody></table>
    {{/chart}}
    {{^chart}}<p class="muted" id="no-results">No quality results recorded.</p>{{/chart}}

    <h2>Quality runs</h2>
    {{#latestRun}}
    <p id="latest-run">Latest run <code>{{runId}}</code> ({{origin}}, version {{version}}, {{startedAt}}): {{checks}} checks, <span class="{{failedClass}}">{{failed}} failed</span></p>
    {{/latestRun}}
    {{#hasFailures}}
    <table id="latest-run-failures"><thead><tr><th>failed check</th><th>value</th><th>threshold</th></tr></thead>
    <tbody>{{#latestFailures}}<tr class="failure"><td>{{rule}}</td><td>{{value}}</td><td>{{threshold}}</td></tr>{{/latestFailures}}</tbody></table>
    {{/hasFailures}}
    {{#latestAllPassed}}<p class="ok" id="latest-run-passed">Every check of the latest run passed.</p>{{/latestAllPassed}}
    {{#hasRuns}}
    <table id="runs"><thead><tr><th>run</th><th>origin</th><th>version</th><th>started</th><th>checks</th><th>passed</th><th>failed</th><th>rows</th></tr></thead>
    <tbody>{{#runs}}<tr class="run" data-run="{{runId}}"><td><code>{{runId}}</code></td><td>{{origin}}</td><td>{{version}}</td><td>{{startedAt}}</td><td>{{checks}}</td><td>{{passed}}</td><td class="{{failedClass}}">{{failed}}</td><td>{{rows}}</td></tr>{{/runs}}</tbody></table>
    {{/hasRuns}}
    {{^latestRun}}<p class="muted" id="no-runs">No quality runs recorded.</p>{{/latestRun}}

    <h2>Timeline</h2>
    <table id="timeline">
    <thead><tr><th>#</th><th>event</th><th>version</th><th>by</th><th>recorded</th><th>summary</th><th>outcome</th></tr></thead>
    <tbody>{{#timeline}}<tr><td>{{position}}</td><td>{{type}}</td><td>{{version}}</td><td>{{actor}}</td><td>{{recordedAt}}</td><td>{{summary}}</td><td>{{outcome}}{{#reason}}: {{reason}}{{/reason}}</td></tr>{{/timeline}}</tbody>
    </table>
    {{> foot}}
    """

    static let quality = """
    {{> head}}
    <h1>Quality dashboard</h1>
    <form class="filters" method="get" action="/ui/quality">
    <label>domain <input name="domain" value="{{domain}}"></label>
    <label><span>drafts, deprecated, retired too</span><input type="checkbox" name="all" value="true"{{#all}} checked{{/all}}></label>
    {{#frame.asOf}}<input type="hidden" name="asOf" value="{{frame.asOf}}">{{/frame.asOf}}
    <button type="submit">Show</button>
    </form>
    {{#domains}}
    <h2 class="domain">{{name}} <span class="muted">{{products}} product(s), {{checks}} check(s), score {{score}}</span></h2>
    <table class="dashboard">
    <thead><tr><th>product</th><th>status</th><th>checks</th><th>passed</th><th>score</th><th>threshold</th><th>SLA adherence</th><th>freshness</th><th>last checked</th></tr></thead>
    <tbody>{{#rows}}<tr><td><a href="{{href}}">{{product}}</a></td><td>{{status}}</td><td>{{totalChecks}}</td><td>{{passedChecks}}</td><td class="{{scoreClass}}">{{score}}</td><td>{{threshold}}</td><td>{{slaAdherence}}</td><td>{{freshness}}</td><td>{{lastChecked}}</td></tr>{{/rows}}</tbody>
    </table>
    {{/domains}}
    {{^domains}}<p id="empty">No products{{^all}} that are active (tick the box to list the others){{/all}}.</p>{{/domains}}
    {{> foot}}
    """

    static let audit = """
    {{> head}}
    <h1>Audit</h1>
    {{#intact}}<p class="ok" id="verdict">Intact: every hash and chain recomputed.</p>{{/intact}}
    {{^intact}}<p class="bad" id="verdict">Tampered or incomplete: {{firstFailure}}</p>{{/intact}}
    <table><tbody>
    <tr><th>events checked</th><td id="events-checked">{{eventsChecked}}</td></tr>
    <tr><th>streams checked</th><td>{{streamsChecked}}</td></tr>
    {{#eventId}}<tr><th>first failing event</th><td>{{eventId}} at position {{position}}</td></tr>{{/eventId}}
    </tbody></table>
    <h2>Projections</h2>
    <table id="projectors"><thead><tr><th>projector</th><th>position</th><th>log end</th><th>lag</th><th>events</th><th>events/s</th><th>quarantined</th></tr></thead>
    <tbody>{{#projectors}}<tr><td>{{projector}}</td><td>{{position}}</td><td>{{logEnd}}</td><td>{{lag}}</td><td>{{events}}</td><td>{{rate}}</td><td>{{quarantined}}</td></tr>{{/projectors}}</tbody></table>
    {{> foot}}
    """

    static let error = """
    {{> head}}
    <h1>{{status}} {{title}}</h1>
    <p class="bad" id="problem">{{detail}}</p>
    <p><a href="{{frame.catalogHref}}">Back to the catalog</a></p>
    {{> foot}}
    """
}
