import DCLEventLog
import Testing

/// Equal texts come back as one string (one storage) while the table holds them; what is handed
/// out is always the text of the bytes, also after the table starts over or for bytes it repairs.
@Suite("text interner")
struct TextInternerTests {
    /// Where a string's bytes live: equal for two strings only when they share storage.
    static func storage(_ text: String) -> UnsafePointer<UInt8>? {
        var text = text
        return text.withUTF8 { $0.baseAddress }
    }

    static func intern(_ text: String, _ interner: inout TextInterner) -> String {
        Array(text.utf8).withUnsafeBufferPointer { interner.text($0) }
    }

    @Test func equalTextsShareOneStorage() {
        var interner = TextInterner()
        let first = Self.intern("sales.revenue_metrics", &interner)
        let again = Self.intern("sales.revenue_metrics", &interner)
        let other = Self.intern("sales.revenue_metricz", &interner)
        #expect(first == "sales.revenue_metrics" && again == first && other == "sales.revenue_metricz")
        #expect(Self.storage(first) == Self.storage(again))
        #expect(Self.storage(first) != Self.storage(other))
        // Short texts live inside the string itself: nothing to share, the same text.
        #expect(Self.intern("sales.orders", &interner) == "sales.orders")
        #expect(Self.intern("", &interner) == "")
    }

    @Test func aFullTableStartsOverAndStillAnswersEveryText() {
        var interner = TextInterner(capacity: 16)
        var handedOut: [String] = []
        for round in 0..<3 {
            for index in 0..<40 {
                let text = Self.intern("domain.product_number_\(index)", &interner)
                #expect(text == "domain.product_number_\(index)", "round \(round)")
                handedOut.append(text)
            }
        }
        // Strings handed out before a restart are still valid and unchanged.
        #expect(handedOut[0] == "domain.product_number_0" && handedOut[39] == "domain.product_number_39")
        // Right after being seen, a text is kept: the next lookup shares it.
        let kept = Self.intern("domain.product_number_39", &interner)
        #expect(Self.storage(kept) == Self.storage(Self.intern("domain.product_number_39", &interner)))
    }

    @Test func invalidUTF8IsRepairedAsStringDecodingDoes() {
        var interner = TextInterner()
        let bytes: [UInt8] = Array("sales.revenue_".utf8) + [0xFF, 0xFE] + Array("metrics".utf8)
        let expected = String(decoding: bytes, as: UTF8.self)
        let first = bytes.withUnsafeBufferPointer { interner.text($0) }
        let again = bytes.withUnsafeBufferPointer { interner.text($0) }
        #expect(first == expected && again == expected)
    }

    @Test func aSharedInternerServesOneReaderAtATime() {
        let shared = SharedTextInterner()
        let first = shared.withInterner { Self.intern("sales.revenue_metrics", &$0) }
        let again = shared.withInterner { Self.intern("sales.revenue_metrics", &$0) }
        #expect(Self.storage(first) == Self.storage(again))
        // A reader that finds it taken gets an interner of its own, with the same answers.
        let nested = shared.withInterner { _ in shared.withInterner { Self.intern("sales.revenue_metrics", &$0) } }
        #expect(nested == "sales.revenue_metrics")
    }
}
