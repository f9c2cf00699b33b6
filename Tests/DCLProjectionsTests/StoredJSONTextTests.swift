import DCLApplication
import DCLDomain
import DCLEventLog
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
        // The tree path is taken for the ASCII-keyed, integer-only values (the test would pass through
        // `JSONEncoder` alone otherwise).
        var written: [UInt8] = []
        #expect(StoredJSONText.write(try #require(JSONValueEncoder().encode(documents[0])), into: &written))
        #expect(String(decoding: written, as: UTF8.self) == (try Self.reference(documents[0])))
        #expect(!StoredJSONText.write(documents[1], into: &written))
        #expect(JSONValueEncoder().encode(documents[2]) == nil)
    }
}
