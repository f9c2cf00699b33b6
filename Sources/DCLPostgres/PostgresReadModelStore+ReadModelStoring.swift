import DCLProjections

/// The PostgreSQL store behind the read-model port: every requirement is implemented in the
/// store's other files under the port's names.
extension PostgresReadModelStore: ReadModelStoring {}
