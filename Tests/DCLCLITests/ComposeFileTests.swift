import DCLTestSupport
import Foundation
import Testing

/// `docker-compose.yml` is never run on the development machines (no container engine there); it is
/// checked as text, and by `docker-compose config -q` where Debian's `docker-compose` is installed.
@Suite("docker-compose.yml")
struct ComposeFileTests {
    static let composeFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docker-compose.yml")
    static let dockerCompose = ["/usr/bin/docker-compose", "/usr/local/bin/docker-compose"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("topic-init creates the ledger topics never compacted and the changelog topics compacted")
    func topicInit() throws {
        let text = try String(contentsOf: Self.composeFile, encoding: .utf8)
        #expect(text.contains("for topic in dcl.contracts.v1 dcl.quality.v1; do"))
        #expect(text.contains("--config cleanup.policy=delete --config retention.ms=-1 --config retention.bytes=-1"))
        #expect(text.contains("for topic in dcl.catalog.v1 dcl.quality-summary.v1; do"))
        #expect(text.contains("--config cleanup.policy=compact"))
        #expect(text.contains("--topic dcl.notifications.v1"))
    }

    @Test("docker-compose config -q accepts the file", .enabled(if: ComposeFileTests.dockerCompose != nil, "docker-compose is not installed"))
    func composeConfig() throws {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: try #require(Self.dockerCompose))
        process.arguments = ["-f", Self.composeFile.path, "config", "-q"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
