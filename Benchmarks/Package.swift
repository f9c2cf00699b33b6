// swift-tools-version: 6.1
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which depends on where the repository
// was cloned; compute it instead of hard-coding it.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

// Speed and memory targets, measured with ordo-one/benchmark (never asserted as timed tests).
// Run: `make bench` or `cd Benchmarks && swift package benchmark`.
let package = Package(
    name: "DataContractLedgerBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        // Only the MallocInterposer trait: the default traits need a package the mirror lacks.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // The lean bound (`LeanProjector`) reads and writes SQLite through its C API and hashes with swift-crypto,
        // as dcl does; both are already in dcl's graph.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .executableTarget(
            name: "LedgerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DCLDomain", package: root),
                .product(name: "DCLEventLog", package: root),
                .product(name: "DCLSQLite", package: root),
                .product(name: "DCLApplication", package: root),
                .product(name: "DCLProjections", package: root),
            ],
            path: "Benchmarks/LedgerBenchmarks",
            exclude: ["RebuildBaseline", "LeanProjector"],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .target(
            name: "KafkaBenchmarkSupport",
            dependencies: [
                .product(name: "DCLKafka", package: root),
                .product(name: "DCLEventLog", package: root),
                .product(name: "DCLDomain", package: root),
            ],
            path: "Benchmarks/KafkaBenchmarks/Support"
        ),
        // Publish and consume+decode throughput against librdkafka's mock cluster.
        .executableTarget(
            name: "KafkaBenchmarks",
            dependencies: ["KafkaBenchmarkSupport", .product(name: "Benchmark", package: "benchmark"), .product(name: "DCLKafka", package: root)],
            path: "Benchmarks/KafkaBenchmarks",
            exclude: ["Support", "Baseline"],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The same payloads through dcl and kcat in one run (scripts/kcat-baseline.sh).
        .executableTarget(
            name: "KafkaBaseline",
            dependencies: ["KafkaBenchmarkSupport", .product(name: "DCLKafka", package: root), .product(name: "DCLProjections", package: root),
                           .product(name: "DCLEventLog", package: root)],
            path: "Benchmarks/KafkaBenchmarks/Baseline"
        ),
        // Rebuild throughput and peak memory from the embedded log and the mock cluster, beside kcat -C.
        .executableTarget(
            name: "RebuildBaseline",
            dependencies: [
                .product(name: "DCLKafka", package: root),
                .product(name: "DCLProjections", package: root),
                .product(name: "DCLSQLite", package: root),
                .product(name: "DCLEventLog", package: root),
                .product(name: "DCLDomain", package: root),
            ],
            // Not directly under Benchmarks/: the benchmark plugin runs every target there.
            path: "Benchmarks/LedgerBenchmarks/RebuildBaseline"
        ),
        // `py_projector.py`'s job in Swift without an object model: a bound for the rebuild, not a projector.
        .executableTarget(
            name: "LeanProjector",
            dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            path: "Benchmarks/LedgerBenchmarks/LeanProjector"
        ),
    ],
    swiftLanguageModes: [.v6]
)
