import CFuzzerDriver
#if canImport(Glibc)
import Glibc
#endif
import DCLODCS

/// libFuzzer callback: any bytes as an ODCS YAML file. The reader must answer with a contract or an
/// `ODCSError` (typed throws); a trap, a hang or a sanitizer report is a finding.
// Also exported under libFuzzer\'s well-known name, which its runtime references.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzODCSReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    // The CLI refuses bytes that are not UTF-8 before they reach the reader; do the same.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    _ = try? ODCSReader.read(yaml: text, file: "fuzz.yaml")
    return 0
}

// libFuzzer reads its own flags (-max_total_time=600, corpus folders) from the command line.
var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector, fuzzODCSReader))
