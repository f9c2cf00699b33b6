import DCLDomain

/// Reads an ODCS v3 data contract (YAML) into the ledger's `DataContract`.
///
/// dcl models a subset of ODCS (see `docs/contract-format.md`): identity, lifecycle, owner,
/// schema, quality rules, SLA and quality threshold. Everything else (servers, support,
/// pricing, roles, `x-` extensions…) is never rejected; it stays in the returned document so
/// the ledger can store and hand back exactly what the author wrote.
///
/// ```swift
/// let result = try ODCSReader.read(yaml: text, file: "contracts/revenue.yaml")
/// result.contract.schema[0].fields.map(\.name)   // ["date", "revenue", "order_count"]
/// ```
public struct ODCSReader: Sendable {
    /// Named in every error so the author knows which file to open.
    let file: String
    /// What the ledger needs and the document may lack (ODCS requires neither a domain nor an owner).
    let defaults: ODCSDefaults

    init(file: String, defaults: ODCSDefaults = ODCSDefaults()) {
        self.file = file
        self.defaults = defaults
    }

    /// Reads `yaml`; `defaults` fill a domain or owner the document does not state.
    public static func read(yaml: String, file: String, defaults: ODCSDefaults = ODCSDefaults()) throws(ODCSError) -> ODCSReadResult {
        let root = try YAMLLoader.load(yaml, file: file)
        let contract = try ODCSReader(file: file, defaults: defaults).contract(from: root)
        return ODCSReadResult(contract: contract, document: root.json, original: yaml)
    }

    /// Reads a contract from a document already held as JSON (a stored source document).
    /// Errors name fields but carry no line, since there is no text to point into.
    public static func contract(from document: JSONValue, file: String, defaults: ODCSDefaults = ODCSDefaults()) throws(ODCSError) -> DataContract {
        try ODCSReader(file: file, defaults: defaults).contract(from: SourceNode(json: document))
    }

    func contract(from root: SourceNode) throws(ODCSError) -> DataContract {
        guard root.members != nil else {
            throw fail(root, "(document)", "expected an ODCS data contract (a mapping with apiVersion, kind, id, …), found \(root.kindName)")
        }
        let (apiVersion, apiVersionNode) = try requiredText(root, "apiVersion", at: "")
        guard apiVersion.hasPrefix("v3.") else {
            throw fail(apiVersionNode, "apiVersion", "unsupported apiVersion '\(apiVersion)'; dcl reads ODCS v3 documents (v3.0.x, v3.1.0)")
        }
        let (kind, kindNode) = try requiredText(root, "kind", at: "")
        guard kind.lowercased() == "datacontract" else {
            throw fail(kindNode, "kind", "kind must be DataContract, found '\(kind)'")
        }
        let (idText, idNode) = try requiredText(root, "id", at: "")
        guard let id = ContractID(idText) else {
            throw fail(idNode, "id", "'\(idText)' is not a contract id: use 1 to 200 printable characters without spaces or '/'")
        }
        let (versionText, versionNode) = try requiredText(root, "version", at: "")
        guard let version = SemanticVersion(versionText) else {
            throw fail(versionNode, "version", "'\(versionText)' is not a semantic version (MAJOR.MINOR.PATCH)")
        }
        // ODCS recommends five statuses but allows any; the ledger keeps the text as written.
        let (statusText, statusNode) = try requiredText(root, "status", at: "")
        guard let status = ContractStatus(rawValue: statusText) else {
            throw fail(statusNode, "status", "must be non-empty text")
        }
        let domain = try domain(in: root)
        let name = try optionalText(root, "name", at: "")
        // ODCS requires neither; the catalog needs a product name, and the id always identifies it.
        let dataProduct = try optionalText(root, "dataProduct", at: "") ?? name ?? idText
        let owner = try owner(in: root)
        let schema = try schemaObjects(in: root)
        return DataContract(
            id: id, domain: domain, dataProduct: dataProduct, name: name ?? dataProduct, version: version,
            status: status, description: try description(in: root), owner: owner,
            tags: try stringList(root, "tags", at: ""), schema: schema,
            quality: try qualityRules(in: root, schema: schema),
            serviceLevel: try serviceLevel(in: root), qualityThreshold: try qualityThreshold(in: root))
    }

    /// The document's `domain`, else `--domain`, else unset. Both given and different is an error:
    /// the author must say which one the ledger should record.
    func domain(in root: SourceNode) throws(ODCSError) -> DomainName? {
        guard let (text, node) = try optionalTextNode(root, "domain") else { return defaults.domain }
        guard let domain = DomainName(text) else {
            throw fail(node, "domain", "'\(text)' cannot name a ledger domain: use letters, digits, '-', '_' and '.', starting with a letter or digit, at most 50 characters")
        }
        if let flag = defaults.domain, flag != domain {
            throw fail(node, "domain", "the document says '\(domain)' but --domain says '\(flag)'; drop the flag or change the document")
        }
        return domain
    }

    private func optionalTextNode(_ parent: SourceNode, _ key: String) throws(ODCSError) -> (String, SourceNode)? {
        guard let node = parent[key], let text = try optionalText(parent, key, at: ""), !text.isEmpty else { return nil }
        return (text, node)
    }

    /// The first team member with role `owner` whose username is an e-mail address, from ODCS v3.1
    /// `team: {members: […]}` or the older v3.0 `team: […]`; else `--owner`; else unset (ODCS has no
    /// required owner, and usernames need not be e-mail addresses).
    func owner(in root: SourceNode) throws(ODCSError) -> EmailAddress? {
        guard let team = root["team"] else { return defaults.owner }
        let members: [SourceNode]
        let base: String
        if let list = team.items {
            members = list
            base = "team"
        } else if team.members != nil {
            members = try optionalList(team, "members", at: "team") ?? []
            base = "team.members"
        } else {
            throw fail(team, "team", "must be a mapping with 'members' (ODCS v3.1) or a list of members (v3.0)")
        }
        for (index, member) in members.enumerated() {
            let path = "\(base)[\(index)]"
            try requireMapping(member, path)
            guard let role = try optionalText(member, "role", at: path), role.lowercased() == "owner",
                  let username = try optionalText(member, "username", at: path), let email = EmailAddress(username) else { continue }
            if let flag = defaults.owner, flag != email {
                throw fail(member["username"], path + ".username", "the document's owner is '\(email)' but --owner says '\(flag)'; drop the flag or change the document")
            }
            return email
        }
        return defaults.owner
    }

    /// ODCS v3 `description` is `{purpose, usage, limitations}`; the contract keeps the purpose.
    /// A plain string, common in hand-written files, is taken as the purpose.
    func description(in root: SourceNode) throws(ODCSError) -> String? {
        guard let node = root["description"] else { return nil }
        if node.members != nil { return try optionalText(node, "purpose", at: "description") }
        guard let text = node.text else {
            throw fail(node, "description", "must be text or a mapping with purpose, usage and limitations")
        }
        return text
    }
}
