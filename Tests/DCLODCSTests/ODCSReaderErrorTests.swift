import DCLDomain
@testable import DCLODCS
import Testing

/// Each bad input must name the file, the line and the field path of the mistake.
@Suite struct ODCSReaderErrorTests {
    func error(reading yaml: String, defaults: ODCSDefaults = ODCSDefaults()) -> ODCSError? {
        do {
            _ = try ODCSReader.read(yaml: yaml, file: "contracts/orders.yaml", defaults: defaults)
            return nil
        } catch {
            return error
        }
    }

    func expectError(_ yaml: String, field: String, line: Int, containing text: String, defaults: ODCSDefaults = ODCSDefaults(),
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = error(reading: yaml, defaults: defaults) else {
            Issue.record("expected an error at \(field)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.file == "contracts/orders.yaml", sourceLocation: sourceLocation)
        #expect(error.field == field, sourceLocation: sourceLocation)
        #expect(error.line == line, sourceLocation: sourceLocation)
        #expect(error.message.contains(text), "\(error)", sourceLocation: sourceLocation)
    }

    @Test func theMinimalFixtureIsValid() throws {
        #expect(error(reading: Fixtures.minimal) == nil)
    }

    @Test func malformedYAML() {
        expectError(Fixtures.minimal(replacingLine: 5, with: "status: active: now"),
                    field: "(yaml)", line: 5, containing: "invalid YAML")
        expectError(Fixtures.minimal(replacingLine: 16, with: "        logicalType: [string"),
                    field: "(yaml)", line: 17, containing: "invalid YAML")
    }

    @Test func duplicateYAMLKeyPointsAtTheSecondOccurrence() {
        expectError(Fixtures.minimal(replacingLine: 17, with: "        logicalType: number"),
                    field: "logicalType", line: 17, containing: "first at line 16")
    }

    @Test func emptyFileAndNonMappingDocument() {
        expectError("", field: "(document)", line: 1, containing: "empty")
        expectError("- just\n- a list\n", field: "(document)", line: 1, containing: "found a list")
    }

    @Test func unknownLogicalType() {
        expectError(Fixtures.minimal(replacingLine: 19, with: "        logicalType: money"),
                    field: "schema[0].properties[1].logicalType", line: 19,
                    containing: "unknown logicalType 'money'; allowed: string, date, timestamp, time, number, integer, object, array, boolean")
    }

    @Test func unmappablePhysicalTypeWithoutLogicalType() {
        expectError(Fixtures.minimal(replacingLine: 19, with: "        physicalType: geography"),
                    field: "schema[0].properties[1].physicalType", line: 19, containing: "add a logicalType")
    }

    @Test func invalidDecimal() {
        expectError(Fixtures.minimal(replacingLine: 19, with: "        physicalType: decimal(2,5)"),
                    field: "schema[0].properties[1].physicalType", line: 19, containing: "not a valid decimal")
    }

    @Test func duplicatePropertyNames() {
        expectError(Fixtures.minimal(replacingLine: 18, with: "      - name: id"),
                    field: "schema[0].properties[1].name", line: 18, containing: "'id' is declared twice (first at line 15)")
    }

    @Test func duplicateObjectNames() {
        let yaml = Fixtures.minimal + "  - name: orders\n"
        expectError(yaml, field: "schema[1].name", line: 20, containing: "'orders' is declared twice (first at line 13)")
    }

    @Test func missingID() {
        expectError(Fixtures.minimal(replacingLine: 3, with: nil), field: "id", line: 1, containing: "is required")
    }

    @Test func invalidID() {
        expectError(Fixtures.minimal(replacingLine: 3, with: "id: a/b"), field: "id", line: 3, containing: "not a contract id")
    }

    @Test func missingVersion() {
        expectError(Fixtures.minimal(replacingLine: 4, with: nil), field: "version", line: 1, containing: "is required")
    }

    @Test func versionThatIsNotSemver() {
        expectError(Fixtures.minimal(replacingLine: 4, with: "version: 1.0"), field: "version", line: 4,
                    containing: "'1.0' is not a semantic version (MAJOR.MINOR.PATCH)")
    }

    func read(_ yaml: String, defaults: ODCSDefaults = ODCSDefaults()) throws -> DataContract {
        try ODCSReader.read(yaml: yaml, file: "contracts/orders.yaml", defaults: defaults).contract
    }

    // ODCS recommends five statuses but does not restrict them: others are kept as written.
    @Test func statusOutsideTheFiveIsKeptAsWritten() throws {
        let contract = try read(Fixtures.minimal(replacingLine: 5, with: "status: in development"))
        #expect(contract.status.rawValue == "in development" && !contract.status.isKnown)
        #expect(try read(Fixtures.minimal(replacingLine: 5, with: "status: Active")).status == .active)
        expectError(Fixtures.minimal(replacingLine: 5, with: "status: \"\""), field: "status", line: 5, containing: "non-empty")
    }

    // ODCS requires no owner: without one the owner is unset, and --owner fills it in.
    @Test func ownerIsOptional() throws {
        #expect(try read(Fixtures.minimal(replacingLine: 11, with: "      role: steward")).owner == nil)
        let withoutTeam = Fixtures.minimalLines.enumerated().filter { !(8...11).contains($0.offset + 1) }
            .map(\.element).joined(separator: "\n")
        #expect(try read(withoutTeam).owner == nil)
        let flag = EmailAddress("ana@example.com")!
        #expect(try read(withoutTeam, defaults: ODCSDefaults(owner: flag)).owner == flag)
        expectError(Fixtures.minimal, field: "team.members[0].username", line: 10, containing: "--owner",
                    defaults: ODCSDefaults(owner: flag))
    }

    @Test func ownerUsernameNeedNotBeAnEmail() throws {
        #expect(try read(Fixtures.minimal(replacingLine: 10, with: "    - username: jane")).owner == nil)
    }

    @Test func domainIsOptional() throws {
        #expect(try read(Fixtures.minimal(replacingLine: 6, with: nil)).domain == nil)
        let sales = DomainName("sales")!
        #expect(try read(Fixtures.minimal(replacingLine: 6, with: nil), defaults: ODCSDefaults(domain: sales)).domain == sales)
        expectError(Fixtures.minimal, field: "domain", line: 6, containing: "--domain", defaults: ODCSDefaults(domain: DomainName("hr")!))
    }

    @Test func kindThatIsNotDataContract() {
        expectError(Fixtures.minimal(replacingLine: 2, with: "kind: Contract"), field: "kind", line: 2,
                    containing: "kind must be DataContract, found 'Contract'")
    }

    @Test func apiVersionBeforeV3() {
        expectError(Fixtures.minimal(replacingLine: 1, with: "apiVersion: v2.2.2"), field: "apiVersion", line: 1,
                    containing: "unsupported apiVersion")
    }

    // Neither dataProduct nor name: the id names the product.
    @Test func missingDataProductAndNameFallsBackToTheID() throws {
        #expect(try read(Fixtures.minimal(replacingLine: 7, with: nil)).dataProduct == "orders")
    }

    // Valid ODCS rules dcl cannot check exactly are kept in the document, not refused.
    @Test func thresholdsAndUnknownMetricsAreDocumentationOnly() throws {
        let thresholds = Fixtures.minimal + """
                    quality:
                      - metric: nullValues
                        mustBeLessThan: 10
                        unit: percent
                      - {metric: invalidValues, mustBeLessOrEqualTo: 5, unit: percent}
                      - {rule: countCheck}
            """
        let contract = try read(thresholds)
        #expect(contract.quality.isEmpty)
        #expect(try read(Fixtures.minimal + "quality:\n  - metric: completeness\n    mustBe: 1\n").quality.isEmpty)
        // v3.0.0's `rule: nullCheck` without a comparison means "no nulls".
        let nullCheck = try read(Fixtures.minimal + "        quality:\n          - rule: nullCheck\n")
        #expect(nullCheck.quality.map(\.kind) == [.notNull])
    }

    @Test func arrayWithoutItemsIsAccepted() throws {
        let yaml = Fixtures.minimal + "      - name: labels\n        logicalType: array\n"
        let field = try #require(try read(yaml).schema[0].field(named: "labels"))
        guard case .array(.record(let elements)) = field.type.nonNull else { Issue.record("expected an array, got \(field.type)"); return }
        #expect(elements.fields.isEmpty)
    }

    @Test func badDCLExpression() {
        let yaml = Fixtures.minimal + "        quality:\n          - {type: custom, engine: dcl, implementation: \"range(0; 5)\"}\n"
        expectError(yaml, field: "schema[0].properties[1].quality[0].implementation", line: 21,
                    containing: "range takes two bounds")
    }

    @Test func columnRuleWithoutAColumn() {
        let yaml = Fixtures.minimal + "quality:\n  - metric: nullValues\n    mustBe: 0\n"
        expectError(yaml, field: "quality[0]", line: 21, containing: "not_null applies to a column")
    }

    @Test func qualityOnArrayItems() {
        let yaml = Fixtures.minimal + """
                  - name: tags
                    logicalType: array
                    items:
                      logicalType: string
                      quality:
                        - {metric: nullValues, mustBe: 0}
            """
        expectError(yaml, field: "schema[0].properties[2].items.quality", line: 25, containing: "array items")
    }

    @Test func qualityThresholdOutOfRange() {
        let yaml = Fixtures.minimal + "customProperties:\n  - property: qualityThreshold\n    value: 1.5\n"
        expectError(yaml, field: "customProperties[0].value", line: 22, containing: "between 0 and 1")
    }

    @Test func requiredMustBeABoolean() {
        expectError(Fixtures.minimal(replacingLine: 17, with: "        required: yes"),
                    field: "schema[0].properties[0].required", line: 17, containing: "must be true or false")
    }

    @Test func slaWithAnUnknownUnit() {
        let yaml = Fixtures.minimal + "slaProperties:\n  - property: latency\n    value: 4\n    unit: fortnights\n"
        expectError(yaml, field: "slaProperties[0].unit", line: 23, containing: "unknown unit 'fortnights'")
    }

    @Test func descriptionFormat() {
        let error = ODCSError(file: "c.yaml", line: 12, field: "schema[0].properties[2].logicalType", message: "bad")
        #expect(error.description == "c.yaml:12: schema[0].properties[2].logicalType: bad")
        let lineless = ODCSError(file: "stored", line: nil, field: "id", message: "is required")
        #expect(lineless.description == "stored: id: is required")
    }
}
