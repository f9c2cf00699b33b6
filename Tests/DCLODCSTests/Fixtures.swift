import DCLDomain

/// Contract files shared by the tests.
enum Fixtures {
    /// The seed's `revenue_metrics` product of the sales domain (sla_hours 2, freshness 4h,
    /// quality threshold 0.995) with its schema and three quality rules, as ODCS v3.1.
    static let seedRevenueMetrics = """
        apiVersion: v3.1.0
        kind: DataContract
        id: sales-revenue-metrics
        name: revenue_metrics
        version: 1.0.0
        status: active
        domain: sales
        dataProduct: revenue_metrics
        description:
          purpose: Daily revenue and order counts of the sales domain.
        team:
          name: sales-engineering
          members:
            - username: sales-engineering@example.com
              role: owner
        tags: [sales, revenue]
        schema:
          - name: revenue_metrics
            physicalType: table
            description: One row per day.
            properties:
              - name: date
                physicalType: date
                required: true
                primaryKey: true
                quality:
                  - metric: nullValues
                    mustBe: 0
                  - metric: duplicateValues
                    mustBe: 0
              - name: revenue
                physicalType: decimal(14,2)
                required: true
                quality:
                  - type: custom
                    engine: dcl
                    implementation: range(0, 10000000)
              - name: order_count
                physicalType: integer
                required: true
        slaProperties:
          - property: latency
            value: 2
            unit: h
          - property: frequency
            value: 4
            unit: h
        customProperties:
          - property: qualityThreshold
            value: 0.995

        """

    /// A richer document: library metrics, logicalTypeOptions, nested object and array
    /// properties, every SLA property, the v3.0 team list, and sections dcl does not model.
    static let orders = """
        apiVersion: v3.1.0
        kind: DataContract
        id: urn:datacontract:sales:orders
        name: Orders
        version: 2.1.0-rc.1
        status: Draft
        domain: sales
        dataProduct: crm_orders
        tenant: acme
        description:
          purpose: Orders captured by the CRM.
          usage: Analytics only.
          limitations: No refunds.
        team:
          - username: jane@example.com
            role: Data Steward
          - username: orders-team@example.com
            role: Owner
        tags: [orders, crm]
        servers:
          - server: prod
            type: postgres
            host: db.example.com
            port: 5432
        support:
          - channel: "#orders"
            url: https://slack.example.com/orders
        x-custom:
          enabled: yes
          ratio: +1.5
          big: 1_000
          half: .5
          infinity: .inf
          launched: 2024-03-01
          hex: 0x1F
          flag: true
          nothing: ~
        schema:
          - name: orders
            physicalName: orders_v2
            physicalType: table
            description: One row per order.
            quality:
              - metric: rowCount
                mustBeGreaterThan: 0
                name: orders_not_empty
                severity: error
              - type: sql
                query: SELECT COUNT(*) FROM orders
                mustBeLessThan: 1000000
              - type: text
                description: Orders are complete by 6 AM.
              - type: custom
                engine: soda
                implementation: "row_count > 0"
              - type: custom
                engine: dcl
                implementation: freshness(4h)
            properties:
              - name: order_id
                logicalType: string
                physicalType: uuid
                required: true
                unique: true
                primaryKey: true
                primaryKeyPosition: 1
                classification: internal
                tags: [key]
                quality:
                  - metric: nullValues
                    mustBe: 0
              - name: status
                logicalType: string
                physicalType: varchar(20)
                required: true
                quality:
                  - metric: invalidValues
                    mustBe: 0
                    arguments:
                      validValues: [open, shipped, cancelled]
                    severity: warning
                    description: Only known statuses.
              - name: email
                logicalType: string
                classification: pii
                logicalTypeOptions:
                  maxLength: 200
                  pattern: "^[^@]+@[^@]+$"
              - name: quantity
                logicalType: integer
                physicalType: bigint
                required: true
                logicalTypeOptions:
                  minimum: 1
                  maximum: 1000
              - name: total
                logicalType: number
                physicalType: numeric(12, 2)
              - name: shipped_at
                logicalType: timestamp
                physicalType: timestamp(6) with time zone
                logicalTypeOptions:
                  minimum: "2020-01-01T00:00:00Z"
              - name: shipping_address
                logicalType: object
                required: true
                properties:
                  - name: city
                    logicalType: string
                    required: true
                    quality:
                      - metric: missingValues
                        mustBe: 0
                  - name: zip
                    logicalType: string
              - name: line_items
                logicalType: array
                items:
                  logicalType: object
                  properties:
                    - name: sku
                      logicalType: string
                      required: true
                    - name: price
                      logicalType: number
                      physicalType: decimal(10,2)
              - name: labels
                logicalType: array
                items:
                  logicalType: string
        quality:
          - metric: rowCount
            mustBeBetween: [1, 5000000]
        slaProperties:
          - property: latency
            value: 1
            unit: d
          - property: frequency
            value: 30
            unit: m
          - property: availability
            value: 99.9
            unit: percent
          - property: retention
            value: 3
            unit: y
          - property: timeOfAvailability
            value: "06:00"
        customProperties:
          - property: qualityThreshold
            value: 0.995
          - property: ownerSlack
            value: "@orders"

        """

    /// A small valid contract whose line numbers the error tests rely on.
    static let minimalLines = [
        "apiVersion: v3.1.0",          // 1
        "kind: DataContract",          // 2
        "id: orders",                  // 3
        "version: 1.0.0",              // 4
        "status: active",              // 5
        "domain: sales",               // 6
        "dataProduct: orders",         // 7
        "team:",                       // 8
        "  members:",                  // 9
        "    - username: owner@example.com", // 10
        "      role: owner",           // 11
        "schema:",                     // 12
        "  - name: orders",            // 13
        "    properties:",             // 14
        "      - name: id",            // 15
        "        logicalType: string", // 16
        "        required: true",      // 17
        "      - name: amount",        // 18
        "        logicalType: number", // 19
    ]

    static var minimal: String { minimalLines.joined(separator: "\n") + "\n" }

    /// `minimal` with 1-based line `number` replaced (nil removes it).
    static func minimal(replacingLine number: Int, with text: String?) -> String {
        var lines = minimalLines
        if let text { lines[number - 1] = text } else { lines.remove(at: number - 1) }
        return lines.joined(separator: "\n") + "\n"
    }
}
