import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fails fast when every bootstrap broker refuses the connection.
///
/// librdkafka retries a refused connection until the command's whole timeout (30 s) is spent,
/// which is right for a broker that is restarting and wrong for a typo in `--kafka`. So before a
/// command starts a Kafka client, each bootstrap address gets one TCP connect (at most 2 s): if
/// every one is *refused*, the command stops at once naming them. Anything else — a connection,
/// a timeout, a name that does not resolve yet — is left to librdkafka and its timeout.
///
/// ```swift
/// try BrokerReachability.requireOneAccepting("127.0.0.1:1")   // throws: connection refused
/// ```
enum BrokerReachability {
    enum Probe: Equatable {
        case accepted, refused(String), unknown
    }

    static func requireOneAccepting(_ bootstrapServers: String, timeoutMilliseconds: Int32 = 2000) throws {
        let servers = bootstrapServers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !servers.isEmpty else { return }
        var refusals: [String] = []
        for server in servers {
            switch probe(server, timeoutMilliseconds: timeoutMilliseconds) {
            case .accepted, .unknown: return
            case .refused(let reason): refusals.append("\(server): \(reason)")
            }
        }
        throw CLIError.badInput("cannot reach Kafka: every bootstrap broker refused the connection (\(refusals.joined(separator: "; "))); "
                                + "is the broker running, and is --kafka (or $DCL_KAFKA) right?")
    }

    /// One connect attempt to `host:port` (a listener spec like `PLAINTEXT://host:port` too).
    static func probe(_ server: String, timeoutMilliseconds: Int32) -> Probe {
        var address = server
        if let scheme = address.range(of: "://") { address = String(address[scheme.upperBound...]) }
        guard let colon = address.lastIndex(of: ":") else { return .unknown }
        var host = String(address[..<colon])
        let port = String(address[address.index(after: colon)...])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, port, &hints, &list) == 0, let first = list else { return .unknown }
        defer { freeaddrinfo(list) }
        var lastRefusal: String?
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            switch connectOnce(entry.pointee, timeoutMilliseconds: timeoutMilliseconds) {
            case .accepted: return .accepted
            case .unknown: return .unknown
            case .refused(let reason): lastRefusal = reason
            }
        }
        return lastRefusal.map(Probe.refused) ?? .unknown
    }

    private static func connectOnce(_ entry: addrinfo, timeoutMilliseconds: Int32) -> Probe {
        let descriptor = socket(entry.ai_family, entry.ai_socktype, entry.ai_protocol)
        guard descriptor >= 0 else { return .unknown }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        if connect(descriptor, entry.ai_addr, entry.ai_addrlen) == 0 { return .accepted }
        if errno == ECONNREFUSED { return .refused(String(cString: strerror(errno))) }
        guard errno == EINPROGRESS else { return .unknown }
        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return .unknown }
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length) == 0 else { return .unknown }
        if failure == 0 { return .accepted }
        return failure == ECONNREFUSED ? .refused(String(cString: strerror(failure))) : .unknown
    }
}
