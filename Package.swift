// swift-tools-version: 6.1
import PackageDescription

/// Dependencies point inward: `dcl` → DCLApplication → (DCLEventLog port, DCLODCS) → DCLDomain.
/// Adapters (DCLSQLite, later Kafka/HTTP) depend on the port, never the other way round.
let package = Package(
    name: "DataContractLedger",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dcl", targets: ["dcl"]),
        .library(name: "DCLDomain", targets: ["DCLDomain"]),
        .library(name: "DCLEventLog", targets: ["DCLEventLog"]),
        .library(name: "DCLEventLogConformance", targets: ["DCLEventLogConformance"]),
        .library(name: "DCLSQLite", targets: ["DCLSQLite"]),
        .library(name: "DCLODCS", targets: ["DCLODCS"]),
        .library(name: "DCLKafka", targets: ["DCLKafka"]),
        .library(name: "DCLApplication", targets: ["DCLApplication"]),
        .library(name: "DCLProjections", targets: ["DCLProjections"]),
        .library(name: "DCLReadModelConformance", targets: ["DCLReadModelConformance"]),
        .library(name: "DCLHTTP", targets: ["DCLHTTP"]),
        .library(name: "DCLQualityRunner", targets: ["DCLQualityRunner"]),
        .library(name: "DCLPostgres", targets: ["DCLPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already in the graph through Hummingbird; named for `HTTPField.Name` (custom headers).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // Already in the graph through Hummingbird; named for `NIOSingletons` (`dcl serve` runs its
        // tasks on the server's event loops, see `ServerExecutor`).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Server-rendered HTML of the web dashboard (`dcl serve`'s `/ui` pages), no JavaScript build step.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The quality runner's PostgreSQL source (`PostgresQualitySource`): a native-Swift client, no libpq.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Functional core: value types, commands, events, decide/evolve. No I/O, no Foundation.
        .target(name: "DCLDomain"),
        // Event-log port: envelope, canonical form, hash chain, codec with upcasting, the EventLog protocol.
        .target(
            name: "DCLEventLog",
            dependencies: ["DCLDomain", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // One conformance suite that every EventLog adapter must pass.
        .target(name: "DCLEventLogConformance", dependencies: ["DCLEventLog", "DCLDomain"]),
        // Embedded durable default: SQLite through GRDB.
        .target(
            name: "DCLSQLite",
            dependencies: ["DCLEventLog", "DCLDomain", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // librdkafka's C API (Debian librdkafka-dev), including the mock cluster header.
        .systemLibrary(
            name: "CRDKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // Kafka adapter of the event-log port; owns every librdkafka pointer.
        .target(
            name: "DCLKafka",
            dependencies: [
                "CRDKafka", "DCLEventLog", "DCLDomain",
                // For the `NotificationSink` port `KafkaNotificationSink` implements.
                "DCLApplication",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // ODCS v3.1 YAML documents <-> domain contracts.
        .target(name: "DCLODCS", dependencies: ["DCLDomain", .product(name: "Yams", package: "Yams")]),
        // Use cases: load state, decide, append with envelopes, read models for the CLI.
        // (Crypto: Ed25519 signatures of audit checkpoints, see Sources/DCLApplication/Audit.)
        .target(name: "DCLApplication", dependencies: ["DCLDomain", "DCLEventLog", "DCLODCS",
                                                       .product(name: "Crypto", package: "swift-crypto")]),
        // Projector runtime and read models (catalog, compatibility, quality dashboard, timeline).
        .target(
            name: "DCLProjections",
            dependencies: [
                "DCLApplication", "DCLDomain", "DCLEventLog",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the per-event inserts of a rebuild (see `RowWriter`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                // The C library's heap, handed back before the bulk-load indexes are built (see `ReadModelStore+BulkLoad`).
                "CProcessTuning",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // One conformance suite that every read-model store (`ReadModelStoring`) must pass.
        .target(name: "DCLReadModelConformance", dependencies: ["DCLProjections", "DCLApplication", "DCLDomain", "DCLEventLog"]),
        // HTTP adapter: `dcl serve`'s routes, each parsing a request, calling a port and rendering.
        .target(
            name: "DCLHTTP",
            dependencies: [
                "DCLApplication", "DCLDomain", "DCLEventLog", "DCLODCS", "DCLProjections",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DCLKafkaProjection",
            dependencies: [
                "DCLKafka", "DCLProjections", "DCLEventLog",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The process's allocator and its settings, applied before `main` (jemalloc on Linux with two
        // arenas; see `MallocArenas`), and the heap handed back between phases (`dcl_release_free_memory`).
        // Linking jemalloc here puts it before the C library in every binary that uses this target
        // (the `dcl` executable, the tests, the benchmarks), so it serves their every `malloc`.
        .target(name: "CProcessTuning", linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]),
        // Runs a contract's checks against the data (CSV files, SQLite and PostgreSQL tables) and records
        // the results: a source port (`QualitySource`) with its adapters, and the `dcl quality run` use case.
        .target(
            name: "DCLQualityRunner",
            dependencies: ["DCLApplication", "DCLDomain", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // The read-model store in PostgreSQL (`--store postgres://…`): the SQLite store's read models,
        // queries and export, for projectors on several machines writing one store.
        .target(
            name: "DCLPostgres",
            dependencies: ["DCLProjections", "DCLApplication", "DCLDomain", "DCLEventLog",
                           .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "dcl",
            dependencies: [
                "DCLQualityRunner", "DCLApplication", "DCLSQLite", "DCLODCS", "DCLEventLog", "DCLDomain", "DCLProjections", "DCLKafka", "DCLKafkaProjection", "DCLPostgres", "DCLHTTP",
                "CProcessTuning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // posix_spawn with every inherited descriptor closed, for `ChildProcess` (see why there).
        .target(name: "CChildSpawn", path: "Tests/CChildSpawn"),
        // Test support shared by test targets: a real PostgreSQL server per test process (`PostgresTestServer`),
        // and `ChildProcess`, how tests start programs.
        .target(name: "DCLTestSupport", dependencies: ["CChildSpawn"], path: "Tests/DCLTestSupport"),
        .testTarget(name: "DCLDomainTests", dependencies: ["DCLDomain", "DCLEventLog"]),
        .testTarget(name: "DCLCompatibilityTests", dependencies: ["DCLDomain", "DCLTestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DCLKafkaTests", dependencies: ["DCLKafka", "DCLEventLog", "DCLEventLogConformance", "DCLDomain",
                                                  "DCLApplication", "DCLProjections"]),
        .testTarget(name: "DCLProjectionsTests", dependencies: ["DCLProjections", "DCLReadModelConformance", "DCLSQLite", "DCLApplication",
                                                               "DCLDomain", "DCLEventLog", "DCLODCS", "CProcessTuning"]),
        .testTarget(
            name: "DCLPostgresTests",
            dependencies: ["DCLPostgres", "DCLProjections", "DCLReadModelConformance", "DCLSQLite", "DCLApplication", "DCLDomain",
                           "DCLEventLog", "DCLTestSupport", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(name: "DCLODCSTests", dependencies: ["DCLODCS", "DCLDomain", .product(name: "Yams", package: "Yams")]),
        .testTarget(
            name: "DCLSQLiteTests",
            dependencies: ["DCLSQLite", "DCLEventLog", "DCLEventLogConformance", "DCLDomain", "DCLApplication",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "DCLHTTPTests",
            // A live server on a loopback port, talked to with URLSession (HummingbirdTesting would
            // pull async-http-client and its TLS stack into every CI build).
            dependencies: ["DCLHTTP", "DCLSQLite", "DCLProjections", "DCLApplication", "DCLDomain", "DCLEventLog",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "DCLCLITests",
            dependencies: ["dcl", "DCLSQLite", "DCLKafka", "DCLEventLog", "DCLApplication", "DCLDomain", "DCLTestSupport", "DCLQualityRunner",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
