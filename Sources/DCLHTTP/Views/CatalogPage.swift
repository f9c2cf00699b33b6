import DCLApplication

/// `GET /api/contracts`: one page of the filtered catalog and how many entries match in all.
struct CatalogPage: Encodable, Sendable {
    var items: [CatalogEntry]
    var total: Int
    var limit: Int
    var offset: Int
}
