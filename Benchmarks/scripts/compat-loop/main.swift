#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
// The in-process side of compat-inprocess.sh: dcl's compatibility checker (DCLDomain, compiled
// with this file by `swiftc -O`) on the pairs compat_reference.py gives Apache Avro's checker:
// the newest of 101 versions of a 100-field record against the 100 earlier ones,
// BACKWARD_TRANSITIVE. Prints the median microseconds per 100-version check as JSON, twice:
// with the versions prepared once outside the timed loop (`PreparedSchema`, as the Python side
// parses its schemas once before timing) and from plain `SchemaType`s, prepared inside every check.

/// Version k: fields f0…f99, the first k long and the rest int (each version widens one more).
func version(_ k: Int) -> SchemaType {
    .record(RecordSchema(name: "Wide", namespace: "bench",
                         fields: (0..<100).map { FieldSchema(name: "f\($0)", type: $0 < k ? .long : .int) }))
}

func nanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

@main
struct CompatLoop {
    static func main() {
        let arguments = CommandLine.arguments
        let repeats = arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200
        let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 7 : 7
        let earlier = (0..<100).map { (version: SemanticVersion(major: 1, minor: $0, patch: 0), schema: version($0)) }
        let newest = version(100)
        let newVersion = SemanticVersion(major: 1, minor: 100, patch: 0)
        // The verdict the Python reference reaches too; also warms up.
        let verdict = CompatibilityChecker.check(new: newest, against: earlier, mode: .backwardTransitive, newVersion: newVersion)
        precondition(verdict.isCompatible && verdict.comparedVersions.count == 100, "unexpected verdict \(verdict)")
        let preparedEarlier = earlier.map { (version: $0.version, schema: PreparedSchema($0.schema)) }
        let preparedNewest = PreparedSchema(newest)
        let prepared = median(rounds: rounds, repeats: repeats) {
            CompatibilityChecker.check(new: preparedNewest, against: preparedEarlier, mode: .backwardTransitive, newVersion: newVersion)
        }
        let unprepared = median(rounds: rounds, repeats: repeats) {
            CompatibilityChecker.check(new: newest, against: earlier, mode: .backwardTransitive, newVersion: newVersion)
        }
        print("{\"microsecondsPerCheck\": \(prepared), \"microsecondsPerCheckUnprepared\": \(unprepared), "
              + "\"repeats\": \(repeats), \"rounds\": \(rounds)}")
    }

    /// The median over `rounds` of the microseconds per call, each round `repeats` calls.
    static func median(rounds: Int, repeats: Int, _ check: () -> CompatibilityVerdict) -> Double {
        var perCheck: [Double] = []
        var compared = 0
        for _ in 0..<rounds {
            let start = nanoseconds()
            for _ in 0..<repeats { compared &+= check().comparedVersions.count }
            perCheck.append(Double(nanoseconds() - start) / 1000 / Double(repeats))
        }
        precondition(compared == 100 * repeats * rounds, "every check compares 100 versions")
        perCheck.sort()
        return perCheck[perCheck.count / 2]
    }
}
