import ArgumentParser
import DCLApplication
import DCLKafka
import DCLPostgres
import DCLSQLite
import Foundation

/// Where the ledger lives.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The embedded ledger file (default: $DCL_LEDGER, else .dcl/ledger.db under the current folder).",
        valueName: "path"))
    var ledger: String?

    @OptionGroup var kafka: KafkaOptions

    var path: String {
        get throws { try FileLocation.resolve(flag: "--ledger", value: ledger, environment: "DCL_LEDGER", default: ".dcl/ledger.db") }
    }

    /// Where events are read and written, for messages.
    var description: String {
        (try? kafka.configuration()).flatMap { $0.map { "Kafka \($0.bootstrapServers)" } } ?? ((try? path) ?? "")
    }

    /// Opens the ledger for writing, creating it if needed: the Kafka topics when `--kafka` (or
    /// `DCL_KAFKA`) is given, else the embedded file.
    func openService() throws -> LedgerService {
        if let configuration = try kafka.configuration() {
            do {
                let log = try OpenFiles.kafkaLedger(configuration)
                // Writers find stream heads in the projector's store when there is one (see
                // `KafkaEventLog.useStreamHeads(from:)`): a PostgreSQL store named by $DCL_STORE,
                // or a SQLite file that exists (a writer never creates a store).
                let store = try FileLocation.resolve(flag: "--store", value: nil, environment: "DCL_STORE", default: StoreOptions.defaultPath)
                if PostgresStoreURL.isPostgres(store) || FileManager.default.fileExists(atPath: store) {
                    log.useStreamHeads(from: StoreStreamHeads(location: store, log: log))
                }
                return LedgerService(log: log)
            } catch {
                throw CLIError.from(error)
            }
        }
        do {
            return LedgerService(log: try OpenFiles.ledger(try path))
        } catch {
            throw CLIError.from(error)
        }
    }

    /// Opens an existing ledger for reading; a missing file reads as an empty ledger
    /// (nothing is created by a read).
    func openForReading() throws -> LedgerService? {
        if kafka.isSpecified { return try openService() }
        let path = try path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do { return LedgerService(log: try OpenFiles.ledger(path, readOnly: true)) } catch { throw CLIError.from(error) }
    }
}
