/// The sample mesh `dcl demo` builds: the seed's Sales domain (`revenue_metrics`, `crm_orders`)
/// and Marketing domain (`campaign_performance`), as ODCS files a user could have written.
enum DemoMesh {
    static let revenueMetricsV1 = """
    apiVersion: v3.1.0
    kind: DataContract
    id: sales.revenue_metrics
    name: Revenue metrics
    version: 1.0.0
    status: active
    domain: sales
    dataProduct: revenue_metrics
    description:
      purpose: Daily revenue and order counts, owned end-to-end by the sales domain.
    team:
      name: sales-engineering
      members:
        - username: sales-de@company.com
          role: owner
    tags: [finance, daily]
    schema:
      - name: revenue_metrics
        physicalType: table
        description: One row per calendar day.
        properties:
          - name: date
            logicalType: date
            required: true
            primaryKey: true
            unique: true
            quality:
              - metric: nullValues
                mustBe: 0
              - metric: duplicateValues
                mustBe: 0
          - name: revenue
            logicalType: number
            physicalType: decimal(14,2)
            required: true
            quality:
              - type: custom
                engine: dcl
                implementation: range(0, 10000000)
          - name: order_count
            logicalType: integer
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

    /// 1.1.0 adds an optional `channel` field: a compatible, minor change.
    static let revenueMetricsV2 = revenueMetricsV1
        .replacingFirst("version: 1.0.0", with: "version: 1.1.0")
        .replacingFirst("""
                  - name: order_count
                    logicalType: integer
                    required: true
            """, with: """
                  - name: order_count
                    logicalType: integer
                    required: true
                  - name: channel
                    logicalType: string
                    description: Sales channel (web, store, partner); null for days before channels were tracked.
            """)

    static let crmOrders = """
    apiVersion: v3.1.0
    kind: DataContract
    id: sales.crm_orders
    name: CRM orders
    version: 1.0.0
    status: active
    domain: sales
    dataProduct: crm_orders
    description:
      purpose: Every order captured by the CRM, one row per order.
    team:
      members:
        - username: sales-de@company.com
          role: owner
    tags: [orders, pii]
    schema:
      - name: crm_orders
        physicalType: table
        properties:
          - name: order_id
            logicalType: string
            physicalType: uuid
            required: true
            primaryKey: true
            quality:
              - metric: duplicateValues
                mustBe: 0
          - name: customer_email
            logicalType: string
            required: true
            classification: pii
            quality:
              - metric: nullValues
                mustBe: 0
          - name: amount
            logicalType: number
            physicalType: decimal(12,2)
            required: true
          - name: ordered_at
            logicalType: timestamp
            required: true
        quality:
          - metric: rowCount
            mustBeGreaterThan: 0
    slaProperties:
      - property: latency
        value: 2
        unit: h
      - property: frequency
        value: 1
        unit: h

    """

    static let campaignPerformance = """
    apiVersion: v3.1.0
    kind: DataContract
    id: marketing.campaign_performance
    name: Campaign performance
    version: 1.0.0
    status: active
    domain: marketing
    dataProduct: campaign_performance
    description:
      purpose: Daily spend and results per campaign, refreshed by the 06:00 pipeline.
    team:
      members:
        - username: marketing-de@company.com
          role: owner
    tags: [marketing, daily]
    schema:
      - name: campaign_performance
        physicalType: table
        properties:
          - name: campaign_id
            logicalType: string
            required: true
            primaryKey: true
          - name: date
            logicalType: date
            required: true
          - name: channel
            logicalType: string
            required: true
            quality:
              - type: custom
                engine: dcl
                implementation: accepted_values(search, social, email, display)
          - name: impressions
            logicalType: integer
            physicalType: bigint
            required: true
          - name: clicks
            logicalType: integer
            physicalType: bigint
            required: true
          - name: spend
            logicalType: number
            physicalType: decimal(12,2)
            required: true
    slaProperties:
      - property: latency
        value: 4
        unit: h
      - property: frequency
        value: daily
    customProperties:
      - property: qualityThreshold
        value: 0.99

    """

    /// The demo's governance policy for the sales domain (docs/governance.md).
    static let piiPolicy = """
    policy: pii-classified
    description: Personal data in sales is classified pii, and consumers sign off breaking versions.
    pii:
      detect: [email, phone]
      classified: true
    consumers:
      approvalForBreaking: true

    """

    /// A contract the pii-classified policy refuses: its e-mail property is not classified.
    static let customerContacts = """
    apiVersion: v3.1.0
    kind: DataContract
    id: sales.customer_contacts
    name: Customer contacts
    version: 1.0.0
    status: active
    domain: sales
    dataProduct: customer_contacts
    team:
      members:
        - username: sales-de@company.com
          role: owner
    schema:
      - name: customer_contacts
        properties:
          - name: customer_id
            logicalType: string
            required: true
          - name: contact_email
            logicalType: string

    """
}

extension String {
    /// Replaces the first occurrence; the demo's derived versions depend on it, so a miss traps.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { preconditionFailure("demo template lost '\(target)'") }
        return replacingCharacters(in: range, with: replacement)
    }
}
