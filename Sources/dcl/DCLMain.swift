import ArgumentParser
import Foundation

/// Entry point. Maps every failure onto the documented exit codes:
/// 0 done, 1 rejected by the ledger's rules (validation, conflict, version), 2 bad input or usage.
@main
enum DCLMain {
    static func main() async {
        do {
            // Global options may come before the subcommand (`dcl --ledger x.db list`).
            var command = try DCL.parseAsRoot(try GlobalOptionPlacement.arranged(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            await OpenFiles.shared.closeAll()
        } catch let error as CLIError {
            await OpenFiles.shared.closeAll()
            FileHandle.standardError.write(Data(("dcl: " + error.message + "\n").utf8))
            exit(error.exitCode)
        } catch {
            await OpenFiles.shared.closeAll()
            let code = DCL.exitCode(for: error)
            let message = DCL.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            // ArgumentParser reports usage errors as EX_USAGE (64); dcl documents 2.
            exit(code.rawValue == 64 ? CLIError.badInputCode : code.rawValue)
        }
    }
}
