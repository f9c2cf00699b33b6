import ArgumentParser
import DCLKafka
import Foundation

/// How to reach a Kafka cluster: `--kafka`, repeated `-X key=value` (as kcat) and `--kafka-config FILE`.
///
/// Bootstrap servers come from `--kafka`, else a `bootstrap.servers` given with `-X`, else one in the
/// `--kafka-config` file, else `$DCL_KAFKA`. librdkafka properties: the file's first, `-X` ones win.
/// Secret values (passwords, keys, JAAS configs) are never printed, not even in errors.
struct KafkaOptions: ParsableArguments {
    @Option(name: .customLong("kafka"), help: ArgumentHelp(
        "Kafka bootstrap servers (default: $DCL_KAFKA).", valueName: "host:port[,host:port…]"))
    var bootstrapServers: String?

    @Option(name: .customShort("X"), help: ArgumentHelp(
        "A librdkafka property for the Kafka clients, e.g. -X security.protocol=SASL_SSL (repeatable; wins over --kafka-config).",
        valueName: "key=value"))
    var properties: [String] = []

    @Option(name: .customLong("kafka-config"), help: ArgumentHelp(
        "A Java properties file of librdkafka properties (security settings, credentials; may set bootstrap.servers).",
        valueName: "file"))
    var configFile: String?

    @Option(name: .customLong("kafka-timeout"), help: ArgumentHelp(
        "How long a Kafka request (metadata, reads, admin) may take, in seconds (default: 30).", valueName: "seconds"))
    var timeoutSeconds: Double?

    /// True when any Kafka option (or `$DCL_KAFKA`) is given.
    var isSpecified: Bool {
        bootstrapServers != nil || !properties.isEmpty || configFile != nil || KafkaOptions.environmentBootstrap != nil
    }

    private static var environmentBootstrap: String? {
        ProcessInfo.processInfo.environment["DCL_KAFKA"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    /// The configuration, or nil when no Kafka option and no `$DCL_KAFKA` is given (use the embedded
    /// ledger then). Throws `CLIError.badInput` for a bad `-X`, an unreadable or malformed file, or
    /// properties without any bootstrap servers; no message contains a secret value.
    func configuration() throws -> KafkaConfiguration? {
        var merged: [String: String] = [:]
        var fileBootstrap: String?
        if let configFile {
            merged = try KafkaOptions.readPropertiesFile(configFile)
            fileBootstrap = merged.removeValue(forKey: "bootstrap.servers")
        }
        var flagBootstrap: String?
        for (index, argument) in properties.enumerated() {
            let (key, value) = try KafkaOptions.parseOverride(argument, index: index, count: properties.count)
            if key == "bootstrap.servers" { flagBootstrap = value } else { merged[key] = value }
        }
        let candidates: [(String?, String)] = [
            (bootstrapServers, "--kafka"), (flagBootstrap, "-X bootstrap.servers"),
            (fileBootstrap, "bootstrap.servers in \(configFile ?? "")"), (KafkaOptions.environmentBootstrap, "$DCL_KAFKA"),
        ]
        guard let (bootstrap, source) = candidates.first(where: { $0.0 != nil }).map({ ($0.0!, $0.1) }) else {
            if !properties.isEmpty || configFile != nil {
                throw CLIError.badInput("Kafka properties given (-X/--kafka-config) but no bootstrap servers: add --kafka host:port or set DCL_KAFKA")
            }
            return nil
        }
        let servers = bootstrap.trimmingCharacters(in: .whitespaces)
        guard !servers.isEmpty, !servers.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw CLIError.badInput("\(source) must be host:port[,host:port…], got '\(bootstrap)'")
        }
        var configuration = KafkaConfiguration(bootstrapServers: servers, properties: merged)
        if let timeoutSeconds {
            guard timeoutSeconds > 0, timeoutSeconds <= 3600 else {
                throw CLIError.badInput("--kafka-timeout must be more than 0 and at most 3600 seconds")
            }
            configuration.requestTimeout = .milliseconds(Int64(timeoutSeconds * 1000))
        }
        return configuration
    }

    /// The configuration; `CLIError.badInput` naming the options when none is given.
    func requiredConfiguration(for command: String) throws -> KafkaConfiguration {
        guard let configuration = try configuration() else {
            throw CLIError.badInput("\(command) needs a Kafka cluster: give --kafka host:port (or set DCL_KAFKA)")
        }
        return configuration
    }

    /// `key=value`; an error names the argument's position and key, never its value.
    static func parseOverride(_ argument: String, index: Int, count: Int) throws -> (key: String, value: String) {
        let which = count > 1 ? "-X (#\(index + 1))" : "-X"
        guard let equals = argument.firstIndex(of: "=") else {
            // Without '=', there is no telling key from value: show nothing of it.
            throw CLIError.badInput("\(which) expects key=value, e.g. -X security.protocol=SSL (got an argument without '=')")
        }
        let key = argument[..<equals].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw CLIError.badInput("\(which) expects key=value, the key is empty") }
        guard !key.contains(where: \.isWhitespace) else {
            throw CLIError.badInput("\(which): '\(KafkaConfiguration.isSecret(key: key) ? "[redacted]" : key)' is not a property name")
        }
        return (key, String(argument[argument.index(after: equals)...]))
    }

    /// Reads and parses a Java properties file; errors name the file (and line), never a value.
    static func readPropertiesFile(_ path: String) throws -> [String: String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason: String
            if !FileManager.default.fileExists(atPath: path) {
                reason = "no such file"
            } else if !FileManager.default.isReadableFile(atPath: path) {
                reason = "permission denied"
            } else {
                reason = "not a readable UTF-8 text file"
            }
            throw CLIError.badInput("--kafka-config \(path): cannot read it (\(reason))")
        }
        do {
            return try KafkaConfiguration.parseProperties(text: text)
        } catch {
            throw CLIError.badInput("--kafka-config \(path): \(error.message)")
        }
    }
}
