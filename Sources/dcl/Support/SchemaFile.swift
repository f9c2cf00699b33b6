import DCLDomain
import DCLODCS
import Foundation

/// A schema read from an ODCS contract or an Avro `.avsc` file, for `dcl check` and `dcl schema`.
struct SchemaFile: Sendable {
    enum Content: Sendable {
        case contract([RecordSchema])
        case avro(SchemaType)
    }

    var path: String
    var content: Content
    var version: SemanticVersion?
    var contract: DataContract?
    /// The ODCS document, for the document diff (nil for Avro files).
    var document: JSONValue?

    static func isAvro(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".avsc") || lowered.hasSuffix(".json")
    }

    static func read(_ path: String) throws -> SchemaFile {
        if isAvro(path) { return SchemaFile(path: path, content: .avro(try readAvro(path)), version: nil, contract: nil) }
        let file = try ContractFiles.read(path)
        return SchemaFile(path: path, content: .contract(file.contract.schema), version: file.contract.version, contract: file.contract,
                          document: file.document)
    }

    /// Reads `paths` two at a time (one per core of the usual runner) and returns them in order; the
    /// error of the first unreadable file in that order wins, as if they were read one by one.
    static func readAll(_ paths: [String]) async throws -> [SchemaFile] {
        var results = [Result<SchemaFile, any Error>?](repeating: nil, count: paths.count)
        let width = 2
        var next = 0
        await withTaskGroup(of: (Int, Result<SchemaFile, any Error>).self) { group in
            func start(_ index: Int) {
                let path = paths[index]
                group.addTask { (index, Result { try read(path) }) }
            }
            while next < min(width, paths.count) { start(next); next += 1 }
            for await (index, result) in group {
                results[index] = result
                if next < paths.count { start(next); next += 1 }
            }
        }
        return try results.map { try $0!.get() }
    }

    static func readAvro(_ path: String) throws -> SchemaType {
        let text = try InputFile.readText(path, maxBytes: try DocumentLimitSettings.resolve().maxDocumentBytes)
        let json: JSONValue
        // Editors on Windows save a byte order mark; JSON parsers may ignore it (RFC 8259 §8.1), and
        // the schema is the same without it.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        do { json = try JSONValue.parse(body) } catch {
            throw CLIError.badInput("\(path): \(error.description)")
        }
        if let violation = AvroSchemaRules.firstViolation(in: json) { throw CLIError.badInput("\(path): \(violation)") }
        do { return try SchemaType(avroJSON: json) } catch {
            throw CLIError.badInput("\(path): \(error.path.isEmpty ? "" : error.path + ": ")\(error.message)")
        }
    }

    /// The file as one Avro type: an `.avsc` as written, a contract with exactly one object as that record.
    func singleType() throws -> SchemaType {
        switch content {
        case .avro(let type): return type
        case .contract(let objects):
            guard objects.count == 1 else {
                throw CLIError.badInput("\(path): has \(objects.count) schema objects; compare it with another contract, not an .avsc")
            }
            return .record(objects[0])
        }
    }

    /// Apache Avro's resolution rules alone (what the reference checker decides), under a mode.
    static func plainAvroVerdict(old: PreparedSchema, new: PreparedSchema, oldVersion: SemanticVersion, newVersion: SemanticVersion,
                                 mode: CompatibilityMode) -> CompatibilityVerdict {
        var findings: [VersionedIncompatibility] = []
        for direction in mode.directions {
            let (reader, writer) = direction == .backward ? (new, old) : (old, new)
            for item in SchemaResolution.incompatibilities(reader: reader, writer: writer) {
                findings.append(VersionedIncompatibility(direction: direction, previousVersion: oldVersion, newVersion: newVersion, incompatibility: item))
            }
        }
        return CompatibilityVerdict(mode: mode, newVersion: newVersion, comparedVersions: mode == .none ? [] : [oldVersion],
                                    incompatibilities: findings)
    }
}
