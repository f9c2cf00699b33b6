import DCLApplication
import DCLDomain
import DCLHTTP
import Foundation
import Testing

@Suite("HTTP API: Schema Registry subset")
struct SchemaRegistryRoutesTests {
    @Test("subjects, versions and ids come from the ledger; ids are log positions that survive a read-model rebuild")
    func subjectsVersionsAndIDs() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            #expect(try await client.post("/api/contracts", APIFixture.orders(version: "1.1.0", channel: true)).status == .created)
            let subjects = try #require(try await client.get("/subjects").json() as? [String])
            #expect(subjects == ["sales.orders-value"])
            #expect(try await client.get("/subjects/sales.orders-value/versions").json() as? [Int] == [1, 2])
            let latest = try await client.get("/subjects/sales.orders-value/versions/latest")
            #expect(latest.contentType == "application/vnd.schemaregistry.v1+json")
            let version = try latest.object()
            #expect(version["version"] as? Int == 2)
            let schema = try #require(version["schema"] as? String)
            #expect(schema.contains("\"channel\""))
            let id = try #require(version["id"] as? Int)
            // The id is the position of the ContractPublished event that recorded 1.1.0.
            let stored = try #require(try await fixture.log.event(at: Int64(id)))
            #expect(stored.envelope.type == "ContractPublished")
            #expect(try await client.get("/schemas/ids/\(id)").object()["schema"] as? String == schema)

            let first = try await client.get("/subjects/sales.orders-value/versions/1").object()
            #expect((first["schema"] as? String)?.contains("channel") == false)
            let looked = try await client.post("/subjects/sales.orders-value", try Self.schemaBody(first["schema"] as! String))
            #expect(try looked.object()["version"] as? Int == 1)
            #expect(try looked.object()["id"] as? Int == first["id"] as? Int)
        }
        // A fresh read-model store (a rebuild from the log) gives the same ids.
        let rebuilt = try APIFixture.reopen(fixture, storeName: "rebuilt.db")
        try await rebuilt.test { client in
            let latest = try await client.get("/subjects/sales.orders-value/versions/latest").object()
            let id = try #require(latest["id"] as? Int)
            #expect(try await fixture.log.event(at: Int64(id))?.envelope.type == "ContractPublished")
        }
    }

    @Test("errors use the registry's error_code form; non-contract events are not schemas")
    func registryErrors() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            let unknown = try await client.get("/subjects/sales.none-value/versions")
            #expect(unknown.status == .notFound)
            #expect(try unknown.object()["error_code"] as? Int == 40401)
            #expect(try await client.get("/subjects/sales.orders/versions").status == .notFound)
            #expect(try await client.get("/subjects/sales.orders-value/versions/7").object()["error_code"] as? Int == 40402)
            // Position 1 is the implicit DomainRegistered, not a schema.
            #expect(try await client.get("/schemas/ids/1").object()["error_code"] as? Int == 40403)
            let bad = try await client.post("/subjects/sales.orders-value", #"{"schema": "not avro"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.object()["error_code"] as? Int == 42201)
            let other = try await client.post("/subjects/sales.orders-value", try Self.schemaBody(#"{"type":"record","name":"x","fields":[]}"#))
            #expect(try other.object()["error_code"] as? Int == 40403)
        }
    }

    @Test("compatibility answers under the subject's mode, and PUT /config records the mode as an event")
    func compatibilityAndConfig() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            #expect(try await client.post("/api/contracts", APIFixture.orders()).status == .created)
            let old = try #require(try await client.get("/subjects/sales.orders-value/versions/latest").object()["schema"] as? String)
            var record = try #require(try JSONSerialization.jsonObject(with: Data(old.utf8)) as? [String: Any])
            let fields = try #require(record["fields"] as? [[String: Any]])
            // Without `amount`: readers of the old version, which need it, cannot read the new data.
            record["fields"] = fields.filter { $0["name"] as? String != "amount" }
            let removed = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
            record["fields"] = fields + [["name": "channel", "type": ["null", "string"], "default": NSNull()]]
            let optional = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)

            // The ledger's default, consumer-first mode.
            #expect(try await client.get("/config/sales.orders-value").object()["compatibilityLevel"] as? String == "FORWARD_TRANSITIVE")
            let breaking = try await client.post("/compatibility/subjects/sales.orders-value/versions/latest", try Self.schemaBody(removed)).object()
            #expect(breaking["is_compatible"] as? Bool == false)
            #expect((breaking["messages"] as? [String])?.isEmpty == false)
            let fine = try await client.post("/compatibility/subjects/sales.orders-value/versions/1", try Self.schemaBody(optional)).object()
            #expect(fine["is_compatible"] as? Bool == true)

            let end = try await fixture.log.endPosition()
            let set = try await client.put("/config/sales.orders-value", #"{"compatibility": "NONE"}"#)
            #expect(try set.object()["compatibility"] as? String == "NONE")
            #expect(try await fixture.log.endPosition() == end + 1)
            #expect(try await client.get("/config/sales.orders-value").object()["compatibilityLevel"] as? String == "NONE")
            let none = try await client.post("/compatibility/subjects/sales.orders-value/versions/latest", try Self.schemaBody(removed)).object()
            #expect(none["is_compatible"] as? Bool == true)
        }
    }

    static func schemaBody(_ schema: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["schema": schema]), as: UTF8.self)
    }
}
