import ArgumentParser
import DCLHTTP
import Foundation

/// Entry point. Maps every failure onto the documented exit codes:
/// 0 done, 1 rejected by the ledger's rules (validation, conflict, version), 2 bad input or usage.
/// Output that cannot be written (`>/dev/full`, a closed descriptor) is bad input too: exit 2,
/// never a trap and never a silent 0.
@main
enum DCLMain {
    static func main() async {
        do {
            try CLILogging.bootstrap()
            // Global options may come before the subcommand (`dcl --ledger x.db list`).
            var command = try DCL.parseAsRoot(try GlobalOptionPlacement.arranged(Array(CommandLine.arguments.dropFirst())))
            // The server's tasks run on its event loops (see `ServerExecutor`); nothing has started a task yet.
            if command is ServeCommand { ServerExecutor.adopt() }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            await OpenFiles.shared.closeAll()
            finish(0)
        } catch let error as CLIError {
            await OpenFiles.shared.closeAll()
            StandardStreams.writeError("dcl: " + error.message + "\n")
            finish(error.exitCode)
        } catch {
            await OpenFiles.shared.closeAll()
            let code = DCL.exitCode(for: error)
            let message = DCL.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                finish(0)
            }
            StandardStreams.writeError(message + "\n")
            // ArgumentParser reports usage errors as EX_USAGE (64); dcl documents 2.
            finish(code.rawValue == 64 ? CLIError.badInputCode : code.rawValue)
        }
    }

    /// Exits with `code`, or with 2 when standard output could not take what the command printed
    /// (what was recorded stays recorded; only the report of it was lost, and the caller must know).
    private static func finish(_ code: Int32) -> Never {
        if !StandardStreams.finishStandardOutput() {
            StandardStreams.writeError("dcl: cannot write to standard output (\(String(cString: strerror(errno))))\n")
            exit(code == 0 ? CLIError.badInputCode : code)
        }
        exit(code)
    }
}
