#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A host and port to listen on or dial: "127.0.0.1:6379", "[::1]:6379", "db.internal:5432".
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// Where the endpoint is: an address literal or a name to resolve when dialling.
    public enum Host: Hashable, Sendable {
        case ipv4(String)
        case ipv6(String)
        case name(String)
    }

    public var host: Host
    public var port: UInt16

    public init(host: Host, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Whether the endpoint is on this machine only: 127.0.0.0/8, ::1 or localhost.
    public var isLoopback: Bool {
        switch host {
        case .ipv4(let address): address.hasPrefix("127.")
        case .ipv6(let address): address == "::1"
        case .name(let name): name == "localhost"
        }
    }

    /// What valid text looks like, for error messages.
    public static let expectedSyntax = "host:port, e.g. 127.0.0.1:6379, [::1]:6379 or db.local:5432"

    /// Parses host:port with the IPv6 host in brackets. Port 0 means "any free port" when listening.
    public init(parsing text: String) throws(ValueParseError) {
        let fail = { (hint: String?) in ValueParseError(expected: Self.expectedSyntax, found: text, hint: hint) }
        let hostText: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw fail("missing ']' after the IPv6 address") }
            hostText = text[text.index(after: text.startIndex)..<close]
            let afterBracket = text[text.index(after: close)...]
            guard afterBracket.first == ":" else { throw fail("missing ':port' after ']'") }
            portText = afterBracket.dropFirst()
            guard Self.isIPv6(hostText) else { throw fail("'\(hostText)' is not an IPv6 address") }
            host = .ipv6(String(hostText))
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw fail("missing ':port'") }
            hostText = text[..<colon]
            portText = text[text.index(after: colon)...]
            if hostText.contains(":") { throw fail("put an IPv6 address in brackets, e.g. [::1]:6379") }
            if hostText.allSatisfy({ $0.isNumber || $0 == "." }) {
                guard Self.isIPv4(hostText) else { throw fail("'\(hostText)' is not an IPv4 address") }
                host = .ipv4(String(hostText))
            } else {
                guard Self.isHostname(hostText) else { throw fail("'\(hostText)' is not a valid host name") }
                host = .name(String(hostText))
            }
        }
        guard let port = UInt16(portText), portText.allSatisfy(\.isASCII) else {
            throw fail("the port must be a number from 0 to 65535")
        }
        self.port = port
    }

    /// The host as it is written inside a URL or before ":port", without brackets.
    public var hostText: String {
        switch host {
        case .ipv4(let text), .ipv6(let text), .name(let text): text
        }
    }

    public var description: String {
        if case .ipv6(let address) = host { return "[\(address)]:\(port)" }
        return "\(hostText):\(port)"
    }

    static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && UInt8(part) != nil
        }
    }

    static func isIPv6(_ text: Substring) -> Bool {
        var address = in6_addr()
        return String(text).withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }

    /// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens.
    static func isHostname(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
