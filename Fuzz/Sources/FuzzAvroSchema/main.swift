import CFuzzerDriver
#if canImport(Glibc)
import Glibc
#endif
import DCLDomain

/// libFuzzer callback: any bytes as an Avro schema (`.avsc` JSON). Parsing must end in a schema or a
/// typed error; a schema that parses must print back to Avro JSON that parses to the same schema.
// Also exported under libFuzzer\'s well-known name, which its runtime references.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzAvroSchema(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let json = try? JSONParser.parse(bytes: bytes), let schema = try? SchemaType(avroJSON: json) else { return 0 }
    var names = Set<String>()
    let printed = schema.avroJSON(definedNames: &names)
    guard let reparsed = try? SchemaType(avroJSON: printed) else {
        fatalError("a parsed schema printed Avro JSON that does not parse: \(printed.canonicalText)")
    }
    if reparsed != schema { fatalError("round trip changed the schema: \(printed.canonicalText)") }
    return 0
}

// libFuzzer reads its own flags (-max_total_time=600, corpus folders) from the command line.
var arguments = CommandLine.argc
var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &vector, fuzzAvroSchema))
