import DCLTestSupport
import Foundation
import Testing

/// The way in, as a newcomer types it: the README's quick start and "Using it" section run literally
/// with `dcl` found on the PATH, `make install`, global options before the command, publishing again.
@Suite("newcomer's path", .serialized)
struct NewcomerPathTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The first ```sh block after a README heading.
    static func readmeBlock(after heading: String) throws -> String {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: heading), "README has no '\(heading)'")
        let rest = readme[section.upperBound...]
        let start = try #require(rest.range(of: "```sh\n"))
        let end = try #require(rest[start.upperBound...].range(of: "```"))
        return String(rest[start.upperBound..<end.lowerBound])
    }

    /// A folder laid out like a clone after `make demo`: `.build/debug/dcl` is the binary under test.
    static func fakeClone(in cli: CLIHarness) throws -> URL {
        let clone = cli.folder.appendingPathComponent("clone")
        let debug = clone.appendingPathComponent(".build/debug")
        try FileManager.default.createDirectory(at: debug, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: debug.appendingPathComponent("dcl"), withDestinationURL: CLIHarness.binary)
        return clone
    }

    /// Runs a script with bash -e in `folder`, with a plain PATH that holds no dcl, HOME and TMPDIR
    /// inside the test's folder, and none of dcl's environment variables.
    static func bash(_ script: String, in folder: URL, home: URL) throws -> CLIHarness.Result {
        let tmp = home.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        return try run(URL(fileURLWithPath: "/bin/bash"), ["-e", "-c", script], in: folder,
                       environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home.path, "TMPDIR": tmp.path, "USER": "newcomer"])
    }

    static func run(_ executable: URL, _ arguments: [String], in folder: URL, environment: [String: String]) throws -> CLIHarness.Result {
        let process = ChildProcess()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIHarness.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                 stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The folders `mktemp -d` made under the test's TMPDIR that now hold a ledger.
    static func ledgers(under home: URL) throws -> [URL] {
        let tmp = home.appendingPathComponent("tmp")
        return try FileManager.default.contentsOfDirectory(at: tmp, includingPropertiesForKeys: nil)
            .map { $0.appendingPathComponent(".dcl/ledger.db") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    static func expectUsingItOutcome(_ result: CLIHarness.Result, home: URL) throws {
        #expect(result.status == 0, "Using it failed: \(result.stderr)\n\(result.stdout)")
        #expect(result.stdout.contains("wrote revenue_metrics.odcs.yaml"))
        #expect(result.stdout.contains("recorded lifecycle/sales.revenue_metrics#1 ContractPublished"))
        #expect(result.stdout.contains("unchanged sales.revenue_metrics 0.1.0"), "the second publish is unchanged")
        #expect(result.stdout.contains("recorded quality/sales.revenue_metrics#1 QualityCheckRecorded"))
        #expect(result.stdout.contains("intact: 3 events"))
        #expect(try ledgers(under: home).count == 1, "the ledger is .dcl/ledger.db under the folder the README moves to")
    }

    // MARK: - The README, literally

    @Test func readmeUsingItRunsLiterallyWithTheDclMakeDemoBuilt() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let clone = try Self.fakeClone(in: cli)
        let block = try Self.readmeBlock(after: "## Using it")
        #expect(block.hasPrefix("export PATH=\"$PWD/.build/debug:$PATH\""), "Using it starts by putting the debug build on the PATH")
        // Run from the clone's folder, as the README says; the last line shows which dcl the shell found.
        let result = try Self.bash(block + "\ncommand -v dcl\n", in: clone, home: cli.folder)
        try Self.expectUsingItOutcome(result, home: cli.folder)
        #expect(result.stdout.hasSuffix(clone.appendingPathComponent(".build/debug/dcl").path + "\n"), "dcl found on the PATH: \(result.stdout.suffix(200))")
    }

    @Test func quickStartTargetsExistAndTheDemoSaysWhereDclIs() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let block = try Self.readmeBlock(after: "## Quick start")
        let targets = block.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            return words.first == "make" && words.count > 1 ? String(words[1]) : nil
        }
        #expect(targets == ["demo", "test"])
        let make = URL(fileURLWithPath: "/usr/bin/make")
        for target in targets {
            // A dry run: every target exists and nothing is built from inside the test suite.
            let dry = try Self.run(make, ["-n", target], in: Self.packageRoot, environment: ["PATH": "/usr/bin:/bin"])
            #expect(dry.status == 0, "make -n \(target): \(dry.stderr)")
            if target == "demo" {
                #expect(dry.stdout.split(separator: "\n").last == ".build/debug/dcl demo", "make demo runs the built dcl: \(dry.stdout)")
            }
        }
        // What make demo runs, from a clone whose build folder is not on the PATH.
        let clone = try Self.fakeClone(in: cli)
        let demo = try Self.bash(".build/debug/dcl demo --ledger \"$TMPDIR/demo/ledger.db\"", in: clone, home: cli.folder)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("dcl is \(clone.path)/.build/debug/dcl"), "\(demo.stdout.suffix(400))")
        #expect(demo.stdout.contains("export PATH=\"\(clone.path)/.build/debug:$PATH\""))
        // Once it is on the PATH, the demo stops telling.
        let onPath = try Self.bash("export PATH=\"$PWD/.build/debug:$PATH\"\ndcl demo --ledger \"$TMPDIR/demo2/ledger.db\"", in: clone, home: cli.folder)
        #expect(onPath.status == 0 && !onPath.stdout.contains("put it on your PATH"))
    }

    @Test func makeInstallPutsDclAndItsCompletionsUnderThePrefix() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let prefix = cli.folder.appendingPathComponent(".local")
        let make = URL(fileURLWithPath: "/usr/bin/make")
        let dry = try Self.run(make, ["-n", "install", "PREFIX=\(prefix.path)"], in: Self.packageRoot, environment: ["PATH": "/usr/bin:/bin"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("bash scripts/install.sh .build/debug/dcl \"\(prefix.path)\""), "\(dry.stdout)")

        // What make install runs once dcl is built.
        let install = try Self.run(URL(fileURLWithPath: "/bin/bash"),
                                   [Self.packageRoot.appendingPathComponent("scripts/install.sh").path, CLIHarness.binary.path, prefix.path],
                                   in: cli.folder, environment: ["PATH": "/usr/bin:/bin"])
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout.contains("export PATH=\"\(prefix.path)/bin:$PATH\""), "says how to put it on the PATH")
        let bashCompletion = prefix.appendingPathComponent("share/bash-completion/completions/dcl")
        let zsh = try String(contentsOf: prefix.appendingPathComponent("share/zsh/site-functions/_dcl"), encoding: .utf8)
        let fish = try String(contentsOf: prefix.appendingPathComponent("share/fish/vendor_completions.d/dcl.fish"), encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef dcl") && zsh.contains("reactivate"))
        #expect(fish.contains("complete -c 'dcl'") && fish.contains("reactivate"))
        // bash completes a subcommand and a command's options the way a shell would ask it to.
        let completion = try Self.bash("""
            source '\(bashCompletion.path)'
            COMP_WORDS=(dcl reac); COMP_CWORD=1; COMP_LINE='dcl reac'; COMP_POINT=${#COMP_LINE}
            _dcl dcl reac dcl; echo "[${COMPREPLY[*]}]"
            COMPREPLY=(); COMP_WORDS=(dcl quality record x --p); COMP_CWORD=4; COMP_LINE='dcl quality record x --p'; COMP_POINT=${#COMP_LINE}
            _dcl dcl --p x; echo "[${COMPREPLY[*]}]"
            """, in: cli.folder, home: cli.folder)
        #expect(completion.stdout == "[reactivate]\n[--passed]\n", "\(completion.stdout)\(completion.stderr)")

        // The README's install line says how to reach it; then Using it works with the installed dcl.
        let installBlock = try Self.readmeBlock(after: "**Install.**")
        #expect(installBlock.contains("make install PREFIX=$HOME/.local"))
        let export = try #require(installBlock.range(of: "export PATH=\"$HOME/.local/bin:$PATH\""))
        var usingIt = try Self.readmeBlock(after: "## Using it").split(separator: "\n", omittingEmptySubsequences: false)
        usingIt[0] = Substring(installBlock[export])
        let result = try Self.bash(usingIt.joined(separator: "\n") + "\ncommand -v dcl\n", in: cli.folder, home: cli.folder)
        try Self.expectUsingItOutcome(result, home: cli.folder)
        #expect(result.stdout.hasSuffix(prefix.appendingPathComponent("bin/dcl").path + "\n"))
    }

    // MARK: - Global options before or after the command

    @Test func ledgerAndJsonBeforeOrAfterTheCommand() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        #expect(try cli.run("--ledger", "x.db", "publish", "orders.yaml").status == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.path(".dcl/ledger.db")), "the ledger given before the command is used")
        let before = try cli.run("--ledger", "x.db", "list")
        let after = try cli.run("list", "--ledger", "x.db")
        #expect(before.status == 0 && after.status == 0, "\(before.stderr)\(after.stderr)")
        #expect(before.stdout.contains("sales.orders") && before.stdout == after.stdout)
        // --opt=value, --json first, and a nested command with the option between its names.
        let json = try cli.run("--json", "--ledger=x.db", "list")
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])?.first?["contractId"] as? String == "sales.orders")
        #expect(try cli.run("list", "--json", "--ledger", "x.db").stdout == json.stdout)
        let nested = try cli.run("quality", "--ledger", "x.db", "record", "sales.orders", "--rule", "unique_order_id", "--passed")
        #expect(nested.status == 0, "\(nested.stderr)")
        let history = try cli.run("--ledger", "x.db", "--json", "history", "sales.orders")
        #expect((try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])?.count == 2)
        // `--` still ends the options: what follows is a file name, even one that looks like an option.
        try cli.write("--ledger", ContractTexts.orders(version: "1.1.0", extraField: true))
        let dashed = try cli.run("--ledger", "x.db", "publish", "--", "--ledger")
        #expect(dashed.status == 0, "\(dashed.stderr)")
        #expect(try cli.run("--ledger", "x.db", "show", "sales.orders").stdout.contains("1.1.0"))
    }

    @Test func flagThenEnvironmentThenDefaultWhereverTheFlagIs() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        // The flag before the command wins over the environment.
        #expect(try cli.run(["--ledger", "flag.db", "publish", "orders.yaml"], environment: ["DCL_LEDGER": "env.db"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.path("flag.db")) && !FileManager.default.fileExists(atPath: cli.path("env.db")))
        // Without a flag, the environment; without either, the default (an empty catalog: nothing there).
        #expect(try cli.run(["list"], environment: ["DCL_LEDGER": "flag.db"]).stdout.contains("sales.orders"))
        // (The store under .dcl/ was built from flag.db, so it is not read for the missing default ledger.)
        let missing = try cli.run("list")
        #expect(!missing.stdout.contains("sales.orders") && missing.status == 2 && missing.stderr.contains("no ledger at"), "\(missing.stderr)")
        #expect(!(try cli.run("list", "--store", "fresh.db").stdout.contains("sales.orders")))
        // Given before and after, the one after the command wins.
        let both = try cli.run("--ledger", "missing.db", "list", "--ledger", "flag.db")
        #expect(both.stdout.contains("sales.orders"))

        // --actor: before, after, environment, default.
        try cli.write("orders-1.1.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try cli.run("--actor", "ana", "--ledger", "flag.db", "quality", "record", "sales.orders", "--rule", "unique_order_id", "--passed").status == 0)
        #expect(try cli.run(["quality", "record", "sales.orders", "--rule", "unique_order_id", "--failed", "--actor", "bob", "--ledger", "flag.db"],
                            environment: ["DCL_ACTOR": "carol"]).status == 0)
        #expect(try cli.run(["--ledger", "flag.db", "publish", "orders-1.1.yaml"], environment: ["DCL_ACTOR": "carol"]).status == 0)
        #expect(try cli.run(["--actor", "dave", "--ledger", "flag.db", "transfer", "sales.orders", "--owner", "x@company.com", "--actor", "erin"]).status == 0)
        let history = try cli.run("history", "sales.orders", "--json", "--ledger", "flag.db")
        let actors = try #require((try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])?.map { $0["actor"] as? String ?? "" })
        // The first publish had neither flag nor DCL_ACTOR: the OS user.
        #expect(actors.count == 6 && !actors[0].isEmpty && !["ana", "bob", "carol", "erin"].contains(actors[0]), "\(actors)")
        #expect(Array(actors.dropFirst()) == ["ana", "bob", "carol", "carol", "erin"], "flag before, flag after over DCL_ACTOR, DCL_ACTOR, the later flag")
    }

    @Test func storeBeforeOrAfterTheCommand() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        let before = try cli.run("--store", "before.db", "catalog", "--json")
        let after = try cli.run("catalog", "--json", "--store", "after.db")
        #expect(before.status == 0 && after.status == 0, "\(before.stderr)\(after.stderr)")
        #expect(before.stdout == after.stdout && before.stdout.contains("sales.orders"))
        #expect(FileManager.default.fileExists(atPath: cli.path("before.db")) && FileManager.default.fileExists(atPath: cli.path("after.db")))
        #expect(!FileManager.default.fileExists(atPath: cli.path(".dcl/readmodels.db")), "the default store was not used")
        let nested = try cli.run("--store", "nested.db", "dashboard", "--json", "quality", "--all")
        #expect(nested.status == 0 && FileManager.default.fileExists(atPath: cli.path("nested.db")), "\(nested.stderr)")
    }

    /// The Kafka options reach the command in both places: each one's own validation answers.
    @Test(arguments: [
        (["--kafka", " "], "--kafka must be host:port"),
        (["--kafka=127.0.0.1:9", "-X", "no-equals-sign"], "-X expects key=value"),
        (["--kafka-config", "missing.properties"], "--kafka-config missing.properties: cannot read it (no such file)"),
        (["--kafka", "127.0.0.1:9", "--kafka-timeout", "0"], "--kafka-timeout must be more than 0"),
        (["-X", "security.protocol=SSL"], "no bootstrap servers"),
    ])
    func kafkaOptionsBeforeOrAfterTheCommand(options: [String], message: String) throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let before = try cli.run(options + ["list"])
        let after = try cli.run(["list"] + options)
        #expect(before.status == 2 && after.status == 2)
        #expect(before.stderr.contains(message), "\(before.stderr)")
        #expect(before.stderr == after.stderr)
    }

    @Test func misplacedGlobalOptionsAreUsageErrors() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let noCommand = try cli.run("--ledger", "x.db")
        #expect(noCommand.status == 2 && noCommand.stderr.contains("--ledger must be followed by a command"), "\(noCommand.stderr)")
        let notTaken = try cli.run("--json", "publish", "orders.yaml")
        #expect(notTaken.status == 2 && notTaken.stderr.contains("--json"), "publish takes no --json: \(notTaken.stderr)")
        #expect(try cli.run("--ledger", "x.db", "--help").status == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.db")))
    }

    // MARK: - Publishing again

    /// Every file of the ledger's folder, byte for byte (the SQLite file and any journal beside it).
    static func ledgerFiles(_ cli: CLIHarness) throws -> [String: Data] {
        let folder = cli.folder.appendingPathComponent(".dcl")
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("ledger.db") {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test func theSameFileTwiceIsUnchangedAndAChangedOneNamesTheDifference() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        let before = try Self.ledgerFiles(cli)
        #expect(before["ledger.db"] != nil)

        // Same content, with a comment and another layout: unchanged, exit 0, not a byte written.
        try cli.write("orders-copy.yaml", "# the same contract, reformatted\n" + ContractTexts.orders().replacingOccurrences(of: "name: Orders", with: "name:   Orders"))
        let again = try cli.run("publish", "orders.yaml", "orders-copy.yaml")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == """
            unchanged sales.orders 1.0.0 (orders.yaml): already recorded with the same content
            unchanged sales.orders 1.0.0 (orders-copy.yaml): already recorded with the same content

            """)
        #expect(try Self.ledgerFiles(cli) == before, "the ledger is byte-for-byte unchanged")

        // Other content under 1.0.0: exit 1, the difference named, nothing written.
        try cli.write("orders-changed.yaml", ContractTexts.orders(extraField: true))
        let changed = try cli.run("publish", "orders-changed.yaml")
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("version 1.0.0 of 'sales.orders' already exists with other content"), "\(changed.stderr)")
        #expect(changed.stderr.contains("fieldAdded orders.channel"), "\(changed.stderr)")
        #expect(try Self.ledgerFiles(cli) == before)

        // A difference outside the contract diff is named by its place in the document.
        try cli.write("orders-renamed.yaml", ContractTexts.orders().replacingOccurrences(of: "name: Orders", with: "name: Order lines"))
        let renamed = try cli.run("publish", "orders-renamed.yaml")
        #expect(renamed.status == 1 && renamed.stderr.contains("Orders") && renamed.stderr.contains("Order lines"), "\(renamed.stderr)")
        #expect(try Self.ledgerFiles(cli) == before)
    }

    @Test func aBatchRecordsOnlyTheChangedFilesAllOrNothing() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("orders-1.1.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        try cli.write("orders-1.0-changed.yaml", ContractTexts.orders(removeAmount: true))
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        let before = try Self.ledgerFiles(cli)

        // One rejected file: nothing recorded, not even the new version beside it.
        let mixed = try cli.run("publish", "orders.yaml", "orders-1.1.yaml", "orders-1.0-changed.yaml")
        #expect(mixed.status == 1 && mixed.stderr.contains("fieldRemoved orders.amount"), "\(mixed.stderr)")
        #expect(try Self.ledgerFiles(cli) == before)

        // An unchanged file and a new version: only the new version is recorded.
        let batch = try cli.run("publish", "orders.yaml", "orders-1.1.yaml")
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.stdout.contains("unchanged sales.orders 1.0.0 (orders.yaml)"))
        #expect(batch.stdout.contains("recorded lifecycle/sales.orders#2 ContractPublished"))
        let history = try cli.run("history", "sales.orders", "--json")
        let types = (try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])?.map { $0["type"] as? String }
        #expect(types == ["ContractPublished", "ContractPublished", "SchemaChanged"])
        // The whole repository published again, every file already recorded.
        let afterBatch = try Self.ledgerFiles(cli)
        let all = try cli.run("publish", "orders.yaml", "orders-1.1.yaml")
        #expect(all.status == 0 && !all.stdout.contains("recorded lifecycle"), "\(all.stdout)")
        #expect(try Self.ledgerFiles(cli) == afterBatch)
    }

    // MARK: - Reactivate, the empty dashboard, help

    @Test func reactivateTakesBackADeprecationEverywhere() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        try cli.write("orders.yaml", ContractTexts.orders())
        try cli.write("orders-1.1.yaml", ContractTexts.orders(version: "1.1.0", extraField: true))
        #expect(try cli.run("publish", "orders.yaml").status == 0)
        let notDeprecated = try cli.run("reactivate", "sales.orders", "--reason", "nothing to take back")
        #expect(notDeprecated.status == 1 && notDeprecated.stderr.contains("only a deprecated contract can be reactivated"))
        #expect(try cli.run("deprecate", "sales.orders", "--reason", "replaced by sales.orders_v2").status == 0)
        #expect(try cli.run("publish", "orders-1.1.yaml").status == 1, "a deprecated contract takes no versions")
        #expect(try cli.run("catalog", "--status", "deprecated", "--json").stdout.contains("sales.orders"), "the read models saw the deprecation")

        #expect(try cli.run("reactivate", "sales.orders").status == 2, "--reason is required")
        let reactivated = try cli.run("reactivate", "sales.orders", "--reason", "deprecated by mistake", "--actor", "ana")
        #expect(reactivated.status == 0, "\(reactivated.stderr)")
        #expect(reactivated.stdout.contains("ContractReactivated: reactivated at 1.0.0 (active again): deprecated by mistake"))
        let show = try cli.run("show", "sales.orders")
        #expect(show.stdout.contains("[active]") && !show.stdout.contains("replaced by sales.orders_v2"), "\(show.stdout)")
        #expect(try cli.run("publish", "orders-1.1.yaml").status == 0, "active again: it takes versions")

        let history = try cli.run("history", "sales.orders", "--json")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(events.map { $0["type"] as? String } == ["ContractPublished", "ContractDeprecated", "ContractReactivated", "ContractPublished", "SchemaChanged"])
        #expect(events[2]["actor"] as? String == "ana")
        let timeline = try cli.run("timeline", "sales.orders", "--json")
        #expect(timeline.stdout.contains("ContractReactivated"), "\(timeline.stderr)")
        let catalog = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run("catalog", "--status", "active", "--json").stdout.utf8)) as? [[String: Any]])
        #expect(catalog.count == 1)
        #expect(try cli.run("audit", "verify").status == 0)
    }

    @Test func theEmptyDashboardSaysWhyAndWhatToType() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let nothing = try cli.run("dashboard", "quality")
        #expect(nothing.status == 0 && nothing.stdout.contains("No products yet") && nothing.stdout.contains("dcl publish"), "\(nothing.stdout)")

        #expect(try cli.run("init", "--domain", "sales", "--product", "orders").status == 0)
        #expect(try cli.run("publish", "orders.odcs.yaml").status == 0)
        let drafts = try cli.run("dashboard", "quality")
        #expect(drafts.status == 0)
        #expect(drafts.stdout.contains("No active products: the dashboard shows active products only; not shown: 1 product (draft: 1)."), "\(drafts.stdout)")
        #expect(drafts.stdout.contains("dcl dashboard quality --all"))
        let inDomain = try cli.run("dashboard", "quality", "--domain", "sales")
        #expect(inDomain.stdout.contains("dcl dashboard quality --domain sales --all"))
        let all = try cli.run("dashboard", "quality", "--all")
        #expect(all.stdout.contains("orders") && all.stdout.contains("PRODUCT"))
        let json = try cli.run("dashboard", "quality", "--json")
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])?.isEmpty == true, "JSON stays a plain empty list: \(json.stdout)")
    }

    /// Every leaf command, from the parser's own description of the tool.
    static func leafCommands() throws -> [(path: [String], command: [String: Any])] {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let dump = try cli.run("--experimental-dump-help")
        let root = try #require((try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])?["command"] as? [String: Any])
        var leaves: [(path: [String], command: [String: Any])] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).filter { $0["commandName"] as? String != "help" }
            if subcommands.isEmpty { leaves.append((path, command)) }
            for sub in subcommands { walk(sub, path + [sub["commandName"] as? String ?? "?"]) }
        }
        walk(root, [])
        return leaves
    }

    @Test func everyCommandsHelpReadsAsProseWithExamplesThatParse() throws {
        let leaves = try Self.leafCommands()
        #expect(leaves.count >= 25)
        for (path, command) in leaves {
            let name = "dcl " + path.joined(separator: " ")
            let discussion = command["discussion"] as? String ?? ""
            let lines = discussion.split(separator: "\n", omittingEmptySubsequences: false)
            let examplesAt = try #require(lines.firstIndex(of: "Examples:"), "\(name) --help has no Examples:")
            let examples = lines[(examplesAt + 1)...].prefix { $0.hasPrefix("  ") }
            #expect(!examples.isEmpty, "\(name): no example lines")
            // Prose paragraphs are single lines (the help wraps them to the terminal), so no line of
            // text stops mid-sentence; indented lines are examples and layout.
            for line in lines where !line.isEmpty && !line.hasPrefix(" ") {
                #expect(line.hasSuffix(".") || line.hasSuffix(":") || line.hasSuffix(")"), "\(name): a line breaks mid-sentence: '\(line)'")
            }
            // Each example uses this command (possibly through a shell pipe) with options it takes.
            let longNames = Set((command["arguments"] as? [[String: Any]] ?? []).flatMap { argument in
                (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            })
            for example in examples {
                let words = example.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
                guard words.first == "dcl" else { continue }  // e.g. an `export` line around it
                let typed = Array(words.prefix { !["|", ">", "&", "#"].contains($0) && !$0.hasPrefix("$(") }.dropFirst())
                var commandWords: [String] = []
                var options: [String] = []
                var index = 0
                while index < typed.count {
                    let word = typed[index]
                    index += 1
                    guard word.hasPrefix("-"), word != "-" else { commandWords.append(word); continue }
                    options.append(String(word.drop { $0 == "-" }.prefix { $0 != "=" }))
                    // A global option's value before the command is not a command name.
                    if commandWords.isEmpty, !word.contains("=") { index += 1 }
                }
                if commandWords.starts(with: path) {
                    for option in options { #expect(longNames.contains(option), "\(name): example '\(example)' uses --\(option), which it does not take") }
                } else {
                    // An example showing the next step with another command.
                    #expect(leaves.contains { commandWords.starts(with: $0.path) }, "\(name): example '\(example)' names no command")
                }
            }
        }
    }

    @Test func qualityRecordUsageShowsAlternativesAsAlternatives() throws {
        let cli = try CLIHarness()
        defer { cli.remove() }
        let help = try cli.run("quality", "record", "--help")
        #expect(help.stdout.contains("USAGE: dcl quality record <id> --rule <rule> (--passed | --failed)"), "\(help.stdout)")
        let both = try cli.run("quality", "record", "sales.orders", "--rule", "r", "--passed", "--failed")
        #expect(both.status == 2 && both.stderr.contains("(--passed | --failed)"))
    }
}
