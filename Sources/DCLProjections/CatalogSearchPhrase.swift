/// The FTS5 phrase a catalog text search looks up in a trigram index (`catalog_search`,
/// `catalog_history_search`) before its substring test decides, or nil when the index cannot
/// narrow it: under three characters there is no trigram, and FTS5 reads its query as a C string,
/// so a NUL in it ends the phrase early ("unterminated string"). The substring test alone then
/// answers, by scanning.
///
/// ```swift
/// CatalogSearchPhrase.of("say \"hi\"")   // "\"say \"\"hi\"\"\""
/// CatalogSearchPhrase.of("ab")           // nil
/// ```
enum CatalogSearchPhrase {
    static func of(_ lowercasedText: String) -> String? {
        guard lowercasedText.unicodeScalars.count >= 3, !lowercasedText.unicodeScalars.contains("\u{0}") else { return nil }
        return "\"" + lowercasedText.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
