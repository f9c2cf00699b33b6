import DCLApplication
import DCLDomain
import DCLEventLog
@testable import DCLProjections
import DCLSQLite
import Foundation
import GRDB
import Testing

/// The catalog's indexed search (a trigram index narrows, the substring test decides) and its
/// paging in SQL answer exactly what a scan of every product answers.
@Suite("catalog search and paging")
struct CatalogSearchTests {
    typealias Fixtures = ProjectionTests

    /// Products whose text exercises the search: case, quotes, non-ASCII letters, words split
    /// across fields, and descriptions that change with a new version.
    static func products() -> [DataContract] {
        let texts: [(id: String, name: String, description: String?, tags: [String])] = [
            ("sales.orders", "Orders", "Every ORDER placed online", ["orders", "core"]),
            ("sales.order_lines", "Order lines", "One row per line of an order", ["orders"]),
            ("sales.refunds", "Refunds", "Money \"returned\" to customers", ["finance"]),
            ("sales.umsatz", "Umsätze", "Café Übersicht — Ümlaut test", ["dach"]),
            ("marketing.campaigns", "Campaigns", nil, ["ads", "spend"]),
            ("marketing.ab", "AB tests", "ab", ["ab"]),
            ("finance.ledger_export", "Ledger export", "Monthly close, 100% reconciled", ["finance", "close"]),
        ]
        var contracts = texts.map { text in
            var contract = Fixtures.contract("1.0.0", id: text.id, domain: String(text.id.split(separator: ".")[0]))
            contract.name = text.name
            contract.description = text.description
            contract.tags = text.tags
            return contract
        }
        // Many similar products, so paging crosses pages and the index holds common trigrams.
        for index in 0..<60 {
            var contract = Fixtures.contract("1.0.0", id: "sales.load_\(index / 10)_\(index)", domain: "sales")
            contract.description = "Load product \(index)"
            contract.tags = ["load"]
            contracts.append(contract)
        }
        return contracts
    }

    static let texts = ["order", "ORDER", "or", "o", "\"returned\"", "\"", "umsätze", "ÜMLAUT", "café", "100%", "load_1",
                        "load_1_1", "product 4", "finance", "ab", "abc", "nothing like it", "é", "  ", "_", "%", "order lines",
                        "ord\u{0}er", "order\u{0}", "\u{0}\u{0}\u{0}"]

    @Test func indexedSearchAnswersWhatAScanAnswers() async throws {
        let folder = Fixtures.Folder()
        let ledger = try Fixtures.service(folder.path("ledger.db"))
        for contract in Self.products() { try await ledger.execute([.publishContract(contract, document: nil)], actor: "ana") }
        // A new version changes the text: the index follows the row.
        var orders = Self.products()[0]
        orders.version = SemanticVersion("1.1.0")!
        orders.description = "Every purchase placed online"
        try await ledger.execute([.publishContract(orders, document: nil)], actor: "ana")

        let store = try ReadModelStore(path: folder.path("read.db"))
        try await Projector(log: ledger.log, store: store).catchUp()
        // The oracle: the view as of the log's end scans every product's history row with the same substring test.
        let scan = store.view(atPosition: try await ledger.orderedLog.endPosition())
        for text in Self.texts {
            for domain in [nil, "sales"] {
                let filter = CatalogFilter(text: text, domain: domain)
                let indexed = try await store.catalog(filter)
                #expect(indexed == (try await scan.catalog(filter)), "search '\(text)' in \(domain ?? "every domain")")
            }
        }
        #expect(try await store.catalog(CatalogFilter(text: "ORDER")).map(\.contractId) == ["sales.order_lines", "sales.orders"])
        #expect(try await store.catalog(CatalogFilter(text: "placed")).map(\.contractId) == ["sales.orders"])
        #expect(try await store.catalog(CatalogFilter(text: "every order")).isEmpty, "the old description is out of the index")
        #expect(try await store.catalog(CatalogFilter(text: "\"returned\"")).map(\.contractId) == ["sales.refunds"])
        #expect(try await store.catalog(CatalogFilter(text: "load_1")).count == 10)
    }

    @Test func aSearchAsOfEveryPositionThroughTheHistoryIndexAnswersWhatAScanAnswers() async throws {
        let folder = Fixtures.Folder()
        let ledger = try Fixtures.service(folder.path("ledger.db"))
        for contract in Self.products().prefix(12) { try await ledger.execute([.publishContract(contract, document: nil)], actor: "ana") }
        // Two new versions change the text, so the rows valid at different positions differ.
        var orders = Self.products()[0]
        var after: [Int64] = [try await ledger.orderedLog.endPosition()]
        for (version, description) in [("1.1.0", "Every purchase placed online"), ("1.2.0", "Every ORDER again, now with Ümlaut")] {
            orders.version = SemanticVersion(version)!
            orders.description = description
            try await ledger.execute([.publishContract(orders, document: nil)], actor: "ana")
            after.append(try await ledger.orderedLog.endPosition())
        }
        let store = try ReadModelStore(path: folder.path("read.db"))
        try await Projector(log: ledger.log, store: store).catchUp()
        let end = try await ledger.orderedLog.endPosition()
        for position in 0...end {
            let indexed = store.view(atPosition: position)
            var scan = indexed
            scan.searchesThroughTheTextIndex = false
            for text in Self.texts + ["purchase", "every order", "again"] {
                let filter = CatalogFilter(text: text)
                #expect(try await indexed.catalog(filter) == (try await scan.catalog(filter)), "search '\(text)' as of \(position)")
                let page = try await indexed.catalogPage(filter, limit: 2, offset: 1)
                let all = try await scan.catalog(filter)
                #expect(page.total == all.count && page.entries == Array(all.dropFirst(1).prefix(2)), "page of '\(text)' as of \(position)")
            }
        }
        #expect(try await store.view(atPosition: after[1]).catalog(CatalogFilter(text: "purchase")).map(\.contractId) == ["sales.orders"])
        #expect(try await store.view(atPosition: after[2]).catalog(CatalogFilter(text: "purchase")).isEmpty)
        #expect(try await store.view(atPosition: after[0]).catalog(CatalogFilter(text: "placed online")).map(\.version) == ["1.0.0"])
        #expect(try await store.view(atPosition: after[2]).catalog(CatalogFilter(text: "ORDER AGAIN")).map(\.version) == ["1.2.0"])
    }

    @Test func aPageIsTheSliceOfTheWholeCatalogAndTheTotalCountsEveryMatch() async throws {
        let folder = Fixtures.Folder()
        let ledger = try Fixtures.service(folder.path("ledger.db"))
        for contract in Self.products() { try await ledger.execute([.publishContract(contract, document: nil)], actor: "ana") }
        let store = try ReadModelStore(path: folder.path("read.db"))
        try await Projector(log: ledger.log, store: store).catchUp()
        let filters = [CatalogFilter(), CatalogFilter(domain: "sales"), CatalogFilter(text: "load"), CatalogFilter(text: "or", domain: "sales"),
                       CatalogFilter(text: "nothing like it"), CatalogFilter(tag: "load", status: .active)]
        for filter in filters {
            let all = try await store.catalog(filter)
            for (limit, offset) in [(1, 0), (7, 0), (7, 7), (50, 3), (1000, 0), (5, all.count), (5, all.count + 10)] {
                let page = try await store.catalogPage(filter, limit: limit, offset: offset)
                #expect(page.total == all.count, "\(filter) total")
                #expect(page.entries == Array(all.dropFirst(offset).prefix(limit)), "\(filter) limit \(limit) offset \(offset)")
            }
        }
        #expect(try await store.catalogPage(CatalogFilter(domain: "sales"), limit: 7, offset: 7).entries.count == 7)
    }

    @Test func aStoreFromBeforeTheIndexGetsItBuiltFromItsRows() async throws {
        let folder = Fixtures.Folder()
        let ledger = try Fixtures.service(folder.path("ledger.db"))
        for contract in Self.products().prefix(5) { try await ledger.execute([.publishContract(contract, document: nil)], actor: "ana") }
        let path = folder.path("read.db")
        var store = try ReadModelStore(path: path)
        try await Projector(log: ledger.log, store: store).catchUp()
        try store.close()
        // The store as the previous release left it: rows, no index, the migration not applied.
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            try db.execute(sql: """
                DROP TRIGGER catalog_search_insert; DROP TRIGGER catalog_search_delete; DROP TRIGGER catalog_search_update;
                DROP TABLE catalog_search;
                DELETE FROM grdb_migrations WHERE identifier = 'v10-catalog-trigram-search';
                """)
        }
        try old.close()
        store = try ReadModelStore(path: path)
        #expect(try await store.catalog(CatalogFilter(text: "refund")).map(\.contractId) == ["sales.refunds"])
        #expect(try await store.catalog(CatalogFilter(text: "order")).map(\.contractId) == ["sales.order_lines", "sales.orders"])
        try store.close()

        // The same for the history's index (v15), which an as-of search reads.
        let older = try DatabaseQueue(path: path)
        try await older.write { db in
            try db.execute(sql: """
                DROP TRIGGER catalog_history_search_insert; DROP TRIGGER catalog_history_search_delete;
                DROP TRIGGER catalog_history_search_update; DROP TABLE catalog_history_search;
                DELETE FROM grdb_migrations WHERE identifier = 'v15-catalog-history-trigram-search';
                """)
        }
        try older.close()
        store = try ReadModelStore(path: path)
        let end = try await ledger.orderedLog.endPosition()
        #expect(try await store.view(atPosition: end).catalog(CatalogFilter(text: "refund")).map(\.contractId) == ["sales.refunds"])
        #expect(try await store.view(atPosition: end).catalog(CatalogFilter(text: "order")).map(\.contractId) == ["sales.order_lines", "sales.orders"])
        try store.close()
    }
}
