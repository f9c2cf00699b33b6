import DCLDomain
@testable import DCLODCS
import Foundation
import Testing

@Suite struct ContractFormatDocTests {
    /// The full example in docs/contract-format.md must stay a valid contract equal to the seed fixture.
    @Test func documentedExampleReadsAsTheSeedContract() throws {
        let packageRoot = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let docPath = "/" + packageRoot + "/docs/contract-format.md"
        let doc = try String(contentsOfFile: docPath, encoding: .utf8)
        let section = try #require(doc.range(of: "## Full example"))
        let afterHeading = doc[section.upperBound...]
        let start = try #require(afterHeading.range(of: "```yaml\n"))
        let end = try #require(afterHeading[start.upperBound...].range(of: "```"))
        let example = String(afterHeading[start.upperBound..<end.lowerBound])
        let documented = try ODCSReader.read(yaml: example, file: "contract-format.md").contract
        let fixture = try ODCSReader.read(yaml: Fixtures.seedRevenueMetrics, file: "seed.yaml").contract
        #expect(documented == fixture)
    }
}
