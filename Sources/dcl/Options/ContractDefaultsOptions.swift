import ArgumentParser
import DCLDomain
import DCLODCS

/// `--domain` and `--owner` for documents that do not state them (ODCS requires neither).
struct ContractDefaultsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The domain to record when a document has no 'domain' (else it stays unset).", valueName: "name"))
    var domain: String?

    @Option(name: .long, help: ArgumentHelp("The owner to record when no team member with role owner has an e-mail username (else unset).", valueName: "email"))
    var owner: String?

    func resolved() throws -> ODCSDefaults {
        var defaults = ODCSDefaults()
        if let domain {
            guard let name = DomainName(domain) else {
                throw CLIError.badInput("--domain '\(domain)' is not a domain name: letters, digits, '-', '_' and '.', starting with a letter or digit, at most 50 characters")
            }
            defaults.domain = name
        }
        if let owner {
            guard let email = EmailAddress(owner) else { throw CLIError.badInput("--owner '\(owner)' is not an e-mail address") }
            defaults.owner = email
        }
        return defaults
    }
}
