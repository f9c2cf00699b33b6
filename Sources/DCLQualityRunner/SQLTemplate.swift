import Foundation

/// Fills a `type: sql` rule's placeholders: `${object}`/`{object}`/`${table}` with the checked
/// table, `${property}`/`{property}`/`${column}` with the rule's column, each as the source's
/// quoted identifier.
///
/// ```swift
/// SQLTemplate.render("SELECT COUNT(*) FROM ${object} WHERE ${property} < 0", table: "\"orders\"", column: "\"amount\"")
/// // SELECT COUNT(*) FROM "orders" WHERE "amount" < 0
/// ```
public enum SQLTemplate {
    public static func render(_ query: String, table: String, column: String?) -> String {
        var query = query
        for placeholder in ["${object}", "{object}", "${table}", "{table}"] {
            query = query.replacingOccurrences(of: placeholder, with: table)
        }
        if let column {
            for placeholder in ["${property}", "{property}", "${column}", "{column}"] {
                query = query.replacingOccurrences(of: placeholder, with: column)
            }
        }
        return query
    }
}
