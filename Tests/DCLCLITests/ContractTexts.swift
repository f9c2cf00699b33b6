/// ODCS documents used by the CLI tests.
enum ContractTexts {
    static func orders(version: String = "1.0.0", extraField: Bool = false, removeAmount: Bool = false, status: String = "active") -> String {
        var properties = """
              - name: order_id
                logicalType: string
                required: true
                primaryKey: true
                quality:
                  - metric: duplicateValues
                    mustBe: 0

        """
        if !removeAmount {
            properties += """
                  - name: amount
                    logicalType: number
                    physicalType: decimal(12,2)
                    required: true

            """
        }
        if extraField {
            properties += """
                  - name: channel
                    logicalType: string

            """
        }
        return """
        apiVersion: v3.1.0
        kind: DataContract
        id: sales.orders
        name: Orders
        version: \(version)
        status: \(status)
        domain: sales
        dataProduct: orders
        team:
          members:
            - username: sales-de@company.com
              role: owner
        schema:
          - name: orders
            properties:
        \(properties)
        """
    }
}
