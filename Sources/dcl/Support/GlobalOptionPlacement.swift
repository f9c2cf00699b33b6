import ArgumentParser

/// Lets the options every command shares be typed before the subcommand, as with git, kubectl or
/// kcat: `dcl --ledger x.db list` means `dcl list --ledger x.db`.
///
/// swift-argument-parser only accepts an option on the command that declares it, and these options
/// are declared by each leaf command (through `LedgerOptions`, `KafkaOptions`, `ActorOptions`,
/// `StoreOptions`), so the command line is rearranged before parsing: every global option (and its
/// value) found before or between the subcommand names is moved to just after the last one. Options
/// typed after the subcommand therefore come later and win when an option is given in both places;
/// `-X` properties accumulate, the later one winning for the same key. Nothing after the subcommand
/// path, and nothing after a `--`, is touched. Which source wins is unchanged: a flag, then the
/// environment (`DCL_LEDGER`, `DCL_STORE`, `DCL_KAFKA`, `DCL_ACTOR`), then the default.
///
/// ```swift
/// try GlobalOptionPlacement.arranged(["--ledger", "x.db", "quality", "record", "ID", "--passed"])
/// // ["quality", "record", "--ledger", "x.db", "ID", "--passed"]
/// ```
enum GlobalOptionPlacement {
    /// Global options that take a value (as the next argument, or attached with `=`).
    static let valued: Set<String> = ["--ledger", "--store", "--kafka", "-X", "--kafka-config", "--kafka-timeout", "--actor"]
    /// Global flags.
    static let flags: Set<String> = ["--json"]

    /// The arguments (without the program name) with leading global options moved after the subcommand.
    /// Throws `CLIError.badInput` when global options are given but no command follows them.
    static func arranged(_ arguments: [String], root: any ParsableCommand.Type = DCL.self) throws -> [String] {
        var moved: [String] = []
        var path: [String] = []
        var command: any ParsableCommand.Type = root
        var index = 0
        scan: while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if let width = globalOptionWidth(argument) {
                guard index + width <= arguments.count else {
                    // A value-taking option at the very end: let the parser report it where it belongs.
                    break scan
                }
                moved.append(contentsOf: arguments[index..<(index + width)])
                index += width
                continue
            }
            guard let subcommand = subcommand(named: argument, of: command) else { break }
            path.append(argument)
            command = subcommand
            index += 1
        }
        guard !moved.isEmpty else { return arguments }
        guard !path.isEmpty else {
            // `dcl --ledger x.db --help`: help needs no command; let the parser show it.
            if index < arguments.count, ["--help", "-h", "help"].contains(arguments[index]) { return arguments }
            let given = moved.first ?? ""
            throw CLIError.badInput("\(given) must be followed by a command, e.g. dcl \(moved.joined(separator: " ")) list (see dcl --help)")
        }
        return path + moved + arguments[index...]
    }

    /// How many arguments a global option at this position takes (1 or 2), or nil when it is not one.
    private static func globalOptionWidth(_ argument: String) -> Int? {
        if flags.contains(argument) { return 1 }
        if valued.contains(argument) { return 2 }
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "="), valued.contains(String(argument[..<equals])) {
            return 1
        }
        return nil
    }

    private static func subcommand(named name: String, of command: any ParsableCommand.Type) -> (any ParsableCommand.Type)? {
        command.configuration.subcommands.first { $0.configuration.commandName == name }
    }
}
