import DCLDomain
import DCLODCS
import Testing

@Suite("policy files")
struct PolicyReaderTests {
    @Test func readsTheWholeVocabulary() throws {
        let policy = try PolicyReader.read(yaml: """
            policy: mesh-baseline
            description: Baseline.
            require: { description: true, owner: true, sla: true, qualityRules: 1 }
            pii: { detect: [email, phone], classified: true, described: true, masked: true }
            naming: { properties: snake_case, id: '^[a-z]+\\.[a-z0-9_]+$' }
            tags: { allowed: [gold, silver] }
            sla: { maxFreshness: 24h }
            quality: { minThreshold: 0.95 }
            compatibility: { allowed: [backward, FULL_TRANSITIVE] }
            consumers: { approvalForBreaking: true }
            """, file: "p.yaml")
        #expect(policy.name == "mesh-baseline")
        #expect(policy.require == Policy.Required(description: true, owner: true, sla: true, qualityRules: 1))
        #expect(policy.pii?.detect == ["email", "phone"])
        #expect(policy.naming?.properties == .snakeCase)
        #expect(policy.allowedTags == ["gold", "silver"])
        #expect(policy.maxFreshness == TimeSpan("24h"))
        #expect(policy.minQualityThreshold == NumericLiteral("0.95"))
        #expect(policy.compatibility == [.backward, .fullTransitive])
        #expect(policy.consumerApproval == true)
    }

    @Test func errorsNameFileLineAndField() {
        let cases: [(String, String)] = [
            ("policy: Bad Name\n", "p.yaml:1: policy:"),
            ("description: no name\n", "policy: missing"),
            ("policy: a\nscript: rm -rf\n", "p.yaml:2: script: unknown key"),
            ("policy: a\nrequire:\n  owner: yes\n", "p.yaml:3: require.owner: expected true or false"),
            ("policy: a\nnaming:\n  properties: kebab\n", "naming.properties: 'kebab' is not one of"),
            ("policy: a\nnaming:\n  id: '(['\n", "naming.id: '([' is not a valid regular expression"),
            ("policy: a\nsla:\n  maxFreshness: soon\n", "sla.maxFreshness: 'soon' is not a duration"),
            ("policy: a\nquality:\n  minThreshold: 2\n", "quality.minThreshold: expected a number from 0 to 1"),
            ("policy: a\ncompatibility:\n  allowed: [SOMETIMES]\n", "compatibility.allowed: 'SOMETIMES'"),
            ("policy: a\npii: [email]\n", "pii: expected a mapping"),
        ]
        for (yaml, expected) in cases {
            do {
                _ = try PolicyReader.read(yaml: yaml, file: "p.yaml")
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect(error.description.contains(expected), "\(error.description) should contain \(expected)")
            }
        }
    }
}
