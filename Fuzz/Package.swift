// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for the parsers that read untrusted bytes. A separate package so the
/// library's normal `swift build` / `swift test` never link a `LLVMFuzzerTestOneInput` entry point.
///
/// Build and run (see docs/fuzzing.md):
///   swift build --package-path Fuzz --scratch-path Fuzz/.build-fuzz -c debug -Xswiftc -sanitize=fuzzer,address
///   Fuzz/.build-fuzz/debug/FuzzODCSReader Fuzz/Corpus/odcs -max_total_time=600
let package = Package(
    name: "DataContractLedgerFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "DataContractLedger", path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "FuzzODCSReader",
                          dependencies: ["CFuzzerDriver", .product(name: "DCLODCS", package: "DataContractLedger")]),
        .executableTarget(name: "FuzzAvroSchema",
                          dependencies: ["CFuzzerDriver", .product(name: "DCLDomain", package: "DataContractLedger")]),
        .executableTarget(name: "FuzzEnvelopeBytes",
                          dependencies: ["CFuzzerDriver", .product(name: "DCLEventLog", package: "DataContractLedger"),
                                         .product(name: "DCLDomain", package: "DataContractLedger")]),
    ],
    swiftLanguageModes: [.v6]
)
