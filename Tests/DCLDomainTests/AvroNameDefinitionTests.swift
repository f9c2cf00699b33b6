import DCLDomain
import Testing

/// Found by `Fuzz/FuzzAvroSchema`: a second definition of a name used to replace the first, so the
/// parsed schema printed a reference that read back as the other type.
@Suite("Avro names are defined once")
struct AvroNameDefinitionTests {
    @Test(arguments: [
        // The fuzzer's input, reduced: record Y holds a field whose type defines another record Y.
        #"{"type":"record","name":"Y","fields":[{"name":"z","type":{"type":"record","name":"Z","fields":[{"name":"back","type":["null",{"type":"record","name":"Y","fields":[{"name":"bad","type":"int"}]}]}]}}]}"#,
        #"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"enum","name":"R","symbols":["A"]}}]}"#,
        #"["null",{"type":"fixed","name":"F","size":2},{"type":"fixed","name":"F","size":4}]"#,
        #"{"type":"record","name":"x.R","fields":[{"name":"a","type":{"type":"record","name":"R","namespace":"x","fields":[]}}]}"#,
    ])
    func aSecondDefinitionIsRefused(text: String) throws {
        let json = try JSONParser.parse(text)
        #expect(throws: SchemaError.self) { try SchemaType(avroJSON: json) }
        do {
            _ = try SchemaType(avroJSON: json)
        } catch {
            #expect(error.message.contains("is defined twice"), "\(error)")
        }
    }

    @Test func aReferenceAfterTheDefinitionStillReads() throws {
        let text = #"{"type":"record","name":"R","fields":[{"name":"a","type":{"type":"enum","name":"E","symbols":["A"]}},{"name":"b","type":"E"},{"name":"next","type":["null","R"]}]}"#
        let schema = try SchemaType(avroJSON: try JSONParser.parse(text))
        var names = Set<String>()
        #expect(try SchemaType(avroJSON: schema.avroJSON(definedNames: &names)) == schema)
    }
}
