import ArgumentParser
import DCLDomain
import DCLODCS
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter ODCS v3.1 contract for a data product.",
        discussion: """
        The file is a valid contract with status draft: edit its schema, quality rules and SLA, set status: \
        active when consumers may rely on it, then `dcl publish` it.

        Examples:
          dcl init --domain sales --product revenue_metrics --owner sales-de@company.com
          dcl init --domain sales --product orders --output - | less
          dcl init --domain marketing --product campaign_performance --tier medium   freshness sized for the tier
        """
    )

    @Option(help: "The business domain that owns the product (e.g. sales).") var domain: String
    @Option(help: "The data product's name (e.g. revenue_metrics).") var product: String
    @Option(help: "The owner's e-mail (default: <domain>-data@example.com).") var owner: String?
    @Option(help: "The contract id (default: <domain>.<product>).") var id: String?
    @Option(name: .shortAndLong, help: "Where to write (default: <product>.odcs.yaml; '-' for standard output).") var output: String?
    @Option(help: "The self-serve compute tier (x-small, small, medium, large, x-large): the template promises its freshness.") var tier: String?
    @Flag(help: "Overwrite an existing file.") var force = false

    func run() async throws {
        guard let domainName = DomainName(domain) else {
            throw CLIError.badInput("--domain '\(domain)' must be letters, digits, '-', '_' or '.', at most 50 characters")
        }
        let trimmedProduct = product.trimmingCharacters(in: .whitespaces)
        guard !trimmedProduct.isEmpty, trimmedProduct.count <= 100 else {
            throw CLIError.badInput("--product must be 1 to 100 characters")
        }
        let contractID = try Output.parseNewContractID(id ?? "\(domain).\(trimmedProduct)")
        guard let ownerEmail = EmailAddress(owner ?? "\(domain)-data@example.com") else {
            throw CLIError.badInput("--owner '\(owner ?? "")' is not an e-mail address")
        }
        let chosenTier = try tier.map(PlatformCommand.tier)
        let yaml = ODCSTemplate.scaffold(domain: domainName, product: trimmedProduct, id: contractID, owner: ownerEmail, tier: chosenTier)
        let destination = output ?? "\(trimmedProduct).odcs.yaml"
        if destination == "-" {
            print(yaml, terminator: "")
            return
        }
        if FileManager.default.fileExists(atPath: destination), !force {
            throw CLIError.badInput("\(destination) already exists; pass --force to overwrite it")
        }
        do { try yaml.write(toFile: destination, atomically: true, encoding: .utf8) } catch {
            throw CLIError.badInput("cannot write \(destination): \(error.localizedDescription)")
        }
        print("wrote \(destination) (contract \(contractID), version 0.1.0, status draft)")
        print("next: edit it, then `dcl publish \(destination)`")
    }
}
