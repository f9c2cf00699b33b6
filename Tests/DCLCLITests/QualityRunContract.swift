/// The contract the quality-runner tests run: every kind of check on one object, `orders`
/// (schema types, required, unique, primary key, logicalTypeOptions, dcl rules, ODCS library
/// metrics with thresholds in rows and percent, `sql` rules on the object and on a property (in SQL
/// that SQLite and PostgreSQL both run), freshness).
enum QualityRunContract {
    static let id = "sales.qr_orders"

    static let columns = ["id", "name", "amount", "status", "code", "created"]

    static func text(version: String = "1.0.0", freshness: String = "3650d") -> String {
        """
        apiVersion: v3.1.0
        kind: DataContract
        id: \(id)
        name: Orders for the quality runner
        version: \(version)
        status: active
        domain: sales
        dataProduct: qr_orders
        schema:
          - name: orders
            quality:
              - metric: rowCount
                mustBeGreaterOrEqualTo: 0
              - type: sql
                name: settled_orders
                query: SELECT COUNT(*) FROM ${object} WHERE status IN ('paid', 'shipped')
                mustBeLessThan: 1000000
            properties:
              - name: id
                logicalType: integer
                required: true
                unique: true
                primaryKey: true
              - name: name
                logicalType: string
                logicalTypeOptions:
                  minLength: 1
                  maxLength: 8
                quality:
                  - metric: nullValues
                    mustBe: 0
              - name: amount
                logicalType: number
                logicalTypeOptions:
                  minimum: 0
                  maximum: 1000
                quality:
                  - metric: nullValues
                    name: amount_null_share
                    mustBeLessOrEqualTo: 10
                    unit: percent
              - name: status
                logicalType: string
                quality:
                  - type: custom
                    engine: dcl
                    implementation: accepted_values(new, paid, shipped)
              - name: code
                logicalType: string
                quality:
                  - metric: invalidValues
                    arguments:
                      pattern: '^[A-Z]{3}-[0-9]+$'
                    mustBe: 0
                  - metric: duplicateValues
                    name: duplicate_codes
                    mustBeLessThan: 5
                  - metric: missingValues
                    name: missing_codes
                    arguments:
                      missingValues: [null, '', 'N/A', '-']
                    mustBeLessOrEqualTo: 1000
                  - type: sql
                    name: abc_codes
                    query: SELECT COUNT(*) FROM {object} WHERE substr({property}, 1, 3) = 'ABC'
                    mustBeGreaterOrEqualTo: 0
              - name: created
                logicalType: timestamp
                quality:
                  - type: custom
                    engine: dcl
                    implementation: freshness(\(freshness))
        """
    }
}
