import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an input file (a contract, an Avro schema) as UTF-8 text, with a message that says what
/// is wrong in the user's terms instead of Foundation's ("NSCocoaErrorDomain error 256", "The file
/// isn't in the correct format", "You don't have permission" for `/dev/null`).
///
/// ```swift
/// let text = try InputFile.readText("orders.yaml", maxBytes: 1 << 20)
/// ```
enum InputFile {
    static func readText(_ path: String, maxBytes: Int) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw CLIError.badInput("\(path): cannot read file: \(reason)")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw CLIError.badInput("\(path): is a folder, not a file")
        case S_IFIFO: throw CLIError.badInput("\(path): is a pipe (FIFO), not a regular file; save the contract to a file first")
        case S_IFCHR, S_IFBLK: throw CLIError.badInput("\(path): is a device, not a regular file")
        case S_IFSOCK: throw CLIError.badInput("\(path): is a socket, not a regular file")
        default: throw CLIError.badInput("\(path): is not a regular file")
        }
        if info.st_size > Int64(maxBytes) {
            throw CLIError.badInput("\(path): the file is \(info.st_size) bytes; the limit is \(maxBytes) "
                                    + "(maxDocumentBytes, $DCL_MAX_DOCUMENT_BYTES)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = access(path, R_OK) != 0 ? "permission denied" : "\((error as NSError).localizedFailureReason ?? "read error")"
            throw CLIError.badInput("\(path): cannot read file: \(reason)")
        }
        return try decodeUTF8(Array(data), path: path)
    }

    /// Strict UTF-8 decoding that names the first bad byte and its offset.
    static func decodeUTF8(_ bytes: [UInt8], path: String) throws -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                break loop
            case .error:
                consumed = offset
                break loop
            }
        }
        let byte = consumed < bytes.count ? String(format: "0x%02X", bytes[consumed]) : "?"
        throw CLIError.badInput("\(path): is not UTF-8 text (invalid byte \(byte) at offset \(consumed)); save it as UTF-8")
    }
}
