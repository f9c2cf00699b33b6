@testable import DCLKafka
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Mock Kafka cluster: its brokers' connections")
struct MockKafkaClusterSocketTests {
    /// A mock broker answers a connection's requests one after the other; with Nagle's algorithm on,
    /// an answer written while the previous one is unacknowledged waits for the client's delayed ACK
    /// (40 ms on Linux). Real brokers turn it off, and every dcl command against the mock sends
    /// requests back to back, so the mock must too. Looked at from inside: the broker's end of each
    /// connection it accepted is a socket in this process whose local port is the broker's.
    @Test("every connection a mock broker accepts has Nagle's algorithm off, as a real broker's")
    func acceptedConnectionsHaveNoDelay() async throws {
        let bed = try KafkaTestBed(partitions: 2)
        let ports = Set(bed.cluster.bootstrapServers.split(separator: ",").compactMap { address in
            address.split(separator: ":").last.flatMap { UInt16($0) }
        })
        #expect(ports.count == 3)
        // A client that talks to every broker: the log's reader asks each partition's leader for its end.
        let log = try bed.openLog()
        _ = try await log.endCursor()

        var accepted: [Int32: Bool] = [:]
        for fd in Int32(0)..<4096 {
            guard let port = Self.localTCPPort(of: fd), ports.contains(port), !Self.isListening(fd) else { continue }
            accepted[fd] = Self.hasNoDelay(fd)
        }
        #expect(!accepted.isEmpty, "no accepted connection found on the brokers' ports \(ports.sorted())")
        #expect(accepted.values.allSatisfy { $0 }, "Nagle on for the brokers' sockets \(accepted.filter { !$0.value }.keys.sorted())")
        await log.shutdown()
    }

    private static func localTCPPort(of fd: Int32) -> UInt16? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0, length == socklen_t(MemoryLayout<sockaddr_in>.size), address.sin_family == sa_family_t(AF_INET) else {
            return nil
        }
        var type: Int32 = 0
        var typeLength = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &typeLength) == 0, type == Self.streamType else { return nil }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func isListening(_ fd: Int32) -> Bool {
        var listening: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0 && listening != 0
    }

    private static func hasNoDelay(_ fd: Int32) -> Bool {
        var noDelay: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, &length) == 0 && noDelay != 0
    }

    #if canImport(Glibc)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
    private static let streamType = SOCK_STREAM
    #endif
}
