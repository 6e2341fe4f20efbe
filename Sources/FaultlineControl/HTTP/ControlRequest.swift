import NIOHTTP1

/// An HTTP request to the control API, read whole (the body is at most `maximumBody` bytes).
public struct ControlRequest: Sendable {
    public static let maximumBody = 1 << 20

    public var method: HTTPMethod
    /// The path split at '/', without empty pieces: `/proxies/redis/toxics` is
    /// ["proxies", "redis", "toxics"].
    public var path: [String]
    public var headers: HTTPHeaders
    public var body: String

    public init(method: HTTPMethod, uri: String, headers: HTTPHeaders = [:], body: String = "") {
        self.method = method
        let pathPart = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        path = pathPart.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        self.headers = headers
        self.body = body
    }
}

extension String {
    /// The text with %XX escapes decoded, or nil when an escape is malformed.
    var removingPercentEncoding: String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
