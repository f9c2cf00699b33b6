import DCLApplication
import DCLDomain
import DCLEventLog
import DCLODCS
@testable import DCLProjections
import Foundation
import Testing

/// The store's row texts written from trees must be `JSONEncoder`'s bytes (exports and the changelog
/// carry them), for contracts whose documents hold every kind of value and every character class.
@Suite("stored JSON texts as JSONEncoder writes them")
struct StoredJSONTextTests {
    static func reference<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try ReadModelRows.encoder().encode(value), as: UTF8.self)
    }

    @Test func contractRowTextsAreJSONEncodersBytes() async throws {
        let folder = ProjectionTests.Folder()
        let ledger = try ProjectionTests.service(folder.path("ledger.db"))
        let awkward = "a/b \\ \"q\" \u{0}\u{8}\u{c}\n\r\t\u{1b}\u{1f} é ✓ \u{7f}\u{2028} 😀"
        let documents: [JSONValue] = [
            .object(["apiVersion": "v3.1.0", "text": .string(awkward), "n": .number("-12"), "list": .array([.null, .bool(true), .number("0"), .object([:]), .array([])]),
                     "Upper": "x", "_under": "y", "a10": "z", "a2": "w", "path/with/slash": .string(awkward)]),
            // A non-ASCII key: its order is left to JSONEncoder.
            .object(["clé": "v", "key": "w"]),
            // A non-integer number: the tree is left to JSONEncoder.
            .object(["threshold": .number("0.995")]),
        ]
        var contract = ProjectionTests.contract("1.0.0")
        contract.description = awkward
        try await ledger.execute([.publishContract(contract, document: documents[0])], actor: "ana/ci \"bot\"")
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.1.0", channel: true), document: documents[1])], actor: "ana")
        try await ledger.execute([.publishContract(ProjectionTests.contract("1.0.0", id: "sales.other"), document: documents[2])], actor: "ana")
        try await ledger.execute([.deprecateContract(ContractID("sales.other")!, reason: awkward)], actor: "ana")
        let state = try await ledger.snapshot().state
        #expect(state.contracts.count == 2)
        var compared = 0
        for contract in state.contracts.values {
            let entry = CatalogEntry(contract, quality: QualitySummary())
            #expect(try StoredJSONText.text(contract, encoder: ReadModelRows.encoder()) == Self.reference(contract))
            #expect(try StoredJSONText.text(entry, encoder: ReadModelRows.encoder()) == Self.reference(entry))
            #expect(try StoredJSONText.text(entry.tags, encoder: ReadModelRows.encoder()) == Self.reference(entry.tags))
            for record in contract.versions {
                let version = VersionEntry(contractId: contract.id, record: record)
                #expect(try StoredJSONText.text(version, encoder: ReadModelRows.encoder()) == Self.reference(version))
                compared += 1
            }
        }
        #expect(compared == 3)
        // `SortedJSONEncoder` writes the ASCII-keyed, integer-only values itself (the test would pass
        // through `JSONEncoder` alone otherwise) and leaves the others to it.
        let written = try #require(SortedJSONEncoder.text(documents[0]))
        #expect(String(decoding: written, as: UTF8.self) == (try Self.reference(documents[0])))
        #expect(SortedJSONEncoder.text(documents[1]) == nil)
        #expect(SortedJSONEncoder.text(documents[2]) == nil)
        #expect(SortedJSONEncoder.text(["when": Date(timeIntervalSince1970: 0)]) == nil, "JSONEncoder writes dates by its strategy")
    }

    /// The standard's 44 example documents, each published as a first version: every row text is
    /// `JSONEncoder`'s, and most are written without it.
    @Test func odcsExampleRowTextsAreJSONEncodersBytes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = ProcessInfo.processInfo.environment["DCL_ODCS_EXAMPLES"].map { URL(fileURLWithPath: $0) }
            ?? root.deletingLastPathComponent().appendingPathComponent("shared/reference/odcs-examples")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".odcs.yaml") }.sorted()
        #expect(names.count == 44, "expected the 44 ODCS examples in \(folder.path)")
        var written = 0
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let read = try ODCSReader.read(yaml: text, file: name)
            let time = Timestamp(millisecondsSinceEpoch: 1_764_000_000_000)
            let contract = ContractState(first: ContractVersionRecord(contract: read.contract, document: read.document, sequence: 1, occurredAt: time,
                                                                      recordedAt: time, actor: "ana", original: read.original))
            let entry = CatalogEntry(contract, quality: QualitySummary())
            let version = VersionEntry(contractId: contract.id, record: contract.versions[0])
            #expect(try StoredJSONText.text(contract, encoder: ReadModelRows.encoder()) == Self.reference(contract), "\(name): state")
            #expect(try StoredJSONText.text(entry, encoder: ReadModelRows.encoder()) == Self.reference(entry), "\(name): catalog entry")
            #expect(try StoredJSONText.text(version, encoder: ReadModelRows.encoder()) == Self.reference(version), "\(name): version")
            written += [SortedJSONEncoder.text(contract), SortedJSONEncoder.text(entry), SortedJSONEncoder.text(version)].count { $0 != nil }
        }
        #expect(written >= names.count * 2, "written without JSONEncoder: \(written) of \(names.count * 3)")
    }
}
