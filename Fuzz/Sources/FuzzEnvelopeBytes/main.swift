import CFuzzerDriver
#if canImport(Glibc)
import Glibc
#endif
import DCLDomain
import DCLEventLog

/// libFuzzer callback: any bytes as an event envelope read from a log (a Kafka record value, a
/// ledger row). The one-pass reader must agree with the general JSON path: both succeed with the
/// same envelope or both fail.
// Also exported under libFuzzer\'s well-known name, which its runtime references.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzEnvelopeBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let fast = try? EventEnvelope(jsonBytes: bytes)
    let general: EventEnvelope? = {
        guard let json = try? JSONParser.parse(bytes: bytes) else { return nil }
        return try? EventEnvelope(json: json)
    }()
    switch (fast, general) {
    case (nil, nil): break
    case (let fast?, let general?):
        if fast != general {
            fatalError("the one-pass reader and the JSON path read different envelopes")
        }
    default:
        fatalError("the one-pass reader and the JSON path disagree on whether the bytes are an envelope")
    }
    return 0
}

// libFuzzer reads its own flags (-max_total_time=600, corpus folders) from the command line.
var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector, fuzzEnvelopeBytes))
