import DCLDomain
@testable import DCLSQLite
import Testing

/// The row reader's shortcut for a contract's stream gives the stream `StreamID(text)` parses, and
/// steps aside (nil) for every text it does not cover, which is then parsed as before.
@Suite("SQLite row reading")
struct RowReadingTests {
    @Test(arguments: [
        ("quality/sales.orders", "sales.orders", true),
        ("lifecycle/sales.orders", "sales.orders", true),
        ("governance/sales.orders", "sales.orders", true),
        ("quality/sales.orders/x", "sales.orders/x", true),
        ("quality/sales.orders", "sales.other", false),
        ("quality/sales.orders", "sales.order", false),
        ("quality/", "", false),
        ("quality/sales.orders", "sales.orders.x", false),
        ("domain/sales", "sales", true),
        ("bogus/sales.orders", "sales.orders", false),
        ("qualitz/sales.orders", "sales.orders", false),
        ("Lifecycle/sales.orders", "sales.orders", false),
        ("sales.orders", "sales.orders", false),
    ] as [(String, String, Bool)])
    func contractStreamIsTheParsedStream(text: String, contractId: String, shared: Bool) {
        let bytes = Array(text.utf8)
        let stream = bytes.withUnsafeBufferPointer { SQLiteEventLog.contractStream($0, contractId: contractId) }
        if shared {
            #expect(stream == StreamID(text))
            #expect(stream?.subject == contractId)
        } else {
            #expect(stream == nil)
        }
    }

    @Test func aRowWithoutContractIsParsedAsUsual() {
        let bytes = Array("domain/sales".utf8)
        #expect(bytes.withUnsafeBufferPointer { SQLiteEventLog.contractStream($0, contractId: nil) } == nil)
    }
}
