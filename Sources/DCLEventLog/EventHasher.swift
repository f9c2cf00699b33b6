import Crypto
import DCLDomain

/// SHA-256 over an envelope's canonical form, lowercase hex.
///
/// To recompute a hash with other tools: take the envelope JSON, drop `hash`, serialise it with
/// keys sorted and no whitespace (e.g. `jq -cSj 'del(.hash)'`), and run `sha256sum`.
public enum EventHasher {
    public static func hash(of envelope: EventEnvelope) -> String {
        hexDigest(envelope.canonicalHashInput)
    }

    public static func hexDigest(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        return String(unsafeUninitializedCapacity: 64) { buffer in
            var index = 0
            for byte in digest {
                buffer[index] = hexDigit(byte >> 4)
                buffer[index + 1] = hexDigit(byte & 0x0F)
                index += 2
            }
            return 64
        }
    }

    /// The lowercase hex digit of a value below 16. Computed rather than looked up in a table: a
    /// static table is a lazily made global, checked on every access, and every event a projector
    /// reads has its 64 digits compared.
    @inline(__always)
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }

    /// Whether `envelope.hash` is the hash of the envelope's canonical form: the same verdict as
    /// `hash(of: envelope) == envelope.hash`, compared digit by digit against the stored text
    /// instead of building a second hex string (every event a projector reads is checked).
    ///
    /// ```swift
    /// EventHasher.verifies(EventHasher.seal(envelope))   // true
    /// ```
    ///
    /// `occurredAtText` and `recordedAtText`, when given, must be the envelope's times as
    /// `Timestamp.iso8601` formats them (a caller that needs those texts too formats them once).
    public static func verifies(_ envelope: EventEnvelope, occurredAtText: String? = nil, recordedAtText: String? = nil) -> Bool {
        guard envelope.hash.utf8.count == 64 else { return false }
        let digest = SHA256.hash(data: envelope.canonicalHashInput(occurredAtText: occurredAtText, recordedAtText: recordedAtText))
        // The digest's bytes read in place (iterating the digest builds an array of them).
        return digest.withUnsafeBytes { bytes in
            envelope.hash.withUTF8InPlace { text in
                var index = 0
                for byte in bytes {
                    guard text[index] == hexDigit(byte >> 4), text[index + 1] == hexDigit(byte & 0x0F) else { return false }
                    index += 2
                }
                return true
            }
        }
    }

    /// Fills in `hash` for an envelope whose other fields are final.
    public static func seal(_ envelope: EventEnvelope) -> EventEnvelope {
        var sealed = envelope
        sealed.hash = hash(of: envelope)
        return sealed
    }
}
