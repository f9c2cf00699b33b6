import DCLDomain

/// A starter contract for `dcl init`: valid ODCS v3.1 that `ODCSReader` accepts as is, with
/// comments explaining what each section means to dcl so a new author can fill it in.
public enum ODCSTemplate {
    /// `tier`, when given, is the self-serve compute tier the product runs on: the template promises the
    /// freshness that tier can deliver and records the tier as a custom property.
    public static func scaffold(domain: DomainName, product: String, id: ContractID, owner: EmailAddress, tier: ComputeTier? = nil) -> String {
        let product = quoted(product)
        return """
        # ODCS v3.1 data contract, read by dcl (see docs/contract-format.md).
        # Sections dcl does not model (servers, support, price, …) may be added freely;
        # they are stored with the contract and never rejected.
        apiVersion: v3.1.0
        kind: DataContract
        # Stable identity of the contract across versions; never change it.
        id: \(quoted(id.rawValue))
        name: \(product)
        # Semantic version (MAJOR.MINOR.PATCH); each published version must be higher.
        version: 0.1.0
        # proposed → draft → active → deprecated → retired
        status: draft
        domain: \(quoted(domain.rawValue))
        dataProduct: \(product)
        description:
          purpose: What this data product is for and who should use it.
        team:
          members:
            # The owner (an e-mail address) is accountable for the contract.
            - username: \(quoted(owner.rawValue))
              role: owner
        tags: []
        schema:
          # One entry per table, view or topic.
          - name: \(product)
            physicalType: table
            description: One row per example record.
            properties:
              # required: true → the field may not be null (the plain type); absent or false → nullable.
              - name: id
                logicalType: string
                physicalType: uuid
                required: true
                primaryKey: true
                primaryKeyPosition: 1
                description: Identifier of the record.
                quality:
                  # duplicateValues mustBe 0 → dcl's unique rule (unique_id).
                  - metric: duplicateValues
                    mustBe: 0
              - name: created_at
                logicalType: timestamp
                physicalType: timestamp
                required: true
                description: When the record was created.
                quality:
                  # nullValues mustBe 0 → dcl's not_null rule (not_null_created_at).
                  - metric: nullValues
                    mustBe: 0
              - name: amount
                logicalType: number
                physicalType: decimal(14,2)
                description: Optional amount (nullable, default null).
                # logicalTypeOptions minimum/maximum would also add a range_amount rule.
        # Other dcl rules: type: custom, engine: dcl, implementation: range(0, 100),
        # accepted_values(a, b), regex(^[A-Z]+$), row_count(1, -) or freshness(4h).
        slaProperties:
          # latency → hours late data may be delivered (seed sla_hours).
          - property: latency
            value: 4
            unit: h
          # frequency → how old the newest data may be (seed freshness_sla).
          - property: frequency
            value: \(tier.map { String($0.freshnessHours) } ?? "1")
            unit: \(tier == nil ? "d" : "h")
        customProperties:
          # Share of passing quality checks the product promises (0 to 1).
          - property: qualityThreshold
            value: 0.99\(tier.map { "\n  # The self-serve compute tier (dcl platform tiers) the freshness above is sized for.\n  - property: computeTier\n    value: \($0.rawValue)" } ?? "")

        """
    }

    /// A YAML double-quoted scalar, so any product name or id stays text.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
