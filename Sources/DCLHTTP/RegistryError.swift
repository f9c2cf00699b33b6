import Foundation
import Hummingbird

/// A Schema Registry error in the registry's own wire form, `{"error_code": N, "message": …}`,
/// because its clients (confluent-kafka's `SchemaRegistryClient`) parse that shape.
///
/// ```swift
/// throw RegistryError.subjectNotFound("sales.orders-value")
/// ```
public struct RegistryError: Error, Sendable {
    public var status: HTTPResponse.Status
    /// The registry's error code (40401 subject not found, 40402 version not found, 40403 schema not found, 422xx invalid input).
    public var code: Int
    public var message: String

    public static func subjectNotFound(_ subject: String) -> RegistryError {
        RegistryError(status: .notFound, code: 40401, message: "subject '\(subject)' not found (subjects are <contract id>-value)")
    }

    public static func schemaNotFound(_ message: String) -> RegistryError {
        RegistryError(status: .notFound, code: 40403, message: message)
    }

    public var response: Response {
        struct Body: Encodable { var error_code: Int; var message: String }
        let data = (try? JSONResponse.encoder.encode(Body(error_code: code, message: message))) ?? Data()
        return Response(status: status, headers: [.contentType: SchemaRegistryRoutes.contentType],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
