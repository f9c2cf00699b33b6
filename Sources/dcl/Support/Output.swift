import DCLDomain
import Foundation

/// Printing helpers shared by commands: stable JSON and plain-text tables.
enum Output {
    /// Pretty JSON with sorted keys, so the same state always prints the same bytes.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A JSON value pretty-printed with sorted keys (number literals kept as written).
    static func prettyJSON(_ value: JSONValue) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(value.canonicalText.utf8), options: [.fragmentsAllowed])
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }

    /// Which rows a paged table shows, and the option for the next page when there is one:
    /// `pageLine("products", shown: 100, offset: 0, total: 250)` is
    /// "products 1–100 of 250 (next: --offset 100)".
    static func pageLine(_ noun: String, shown: Int, offset: Int, total: Int) -> String {
        let last = offset + shown
        let next = last < total ? " (next: --offset \(last))" : ""
        return "\(noun) \(offset + 1)–\(last) of \(total)\(next)"
    }

    /// Left-aligned columns separated by two spaces.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        // Cells hold recorded free text; escaped so no cell can break or forge a line.
        let all = [header] + rows.map { $0.map(TerminalText.escaped) }
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func parseContractID(_ text: String) throws -> ContractID {
        if let unsafe = TerminalText.firstUnsafe(in: text) {
            throw CLIError.badInput("the contract id '\(TerminalText.escaped(text))' has a control or invisible character "
                                    + "(\(TerminalText.describe(unsafe.scalar))) at character \(unsafe.index)")
        }
        guard let id = ContractID(text) else {
            throw CLIError.badInput("'\(text)' is not a contract id (printable, no spaces or '/', at most 200 characters)")
        }
        return id
    }

    /// An id for a contract that is new to the ledger (`init --id`, `schema import`): it must
    /// follow the id grammar (see `ContractID.grammarViolation`).
    static func parseNewContractID(_ text: String) throws -> ContractID {
        let id = try parseContractID(text)
        if let violation = ContractID.grammarViolation(text) {
            throw CLIError.badInput("the contract id '\(id.printable)' \(violation)")
        }
        return id
    }

    /// A `--domain` filter must be a name a domain can have: a typo such as `--domain "sales ops"` is
    /// an error, not an empty answer.
    static func checkDomainFilter(_ text: String?) throws {
        guard let text, DomainName(text) == nil else { return }
        throw CLIError.badInput("--domain '\(TerminalText.escaped(text))' is not a domain name "
                                + "(letters, digits, '-', '_' and '.', starting with a letter or digit, at most 50 characters)")
    }

    static func parseTime(_ text: String, option: String) throws -> Timestamp {
        guard let time = Timestamp(iso8601: text) else {
            throw CLIError.badInput("\(option) '\(text)' is not an ISO 8601 time (e.g. 2026-11-25T08:00:00Z or 2026-11-25)")
        }
        return time
    }
}
