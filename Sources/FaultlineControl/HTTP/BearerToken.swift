import Foundation

/// The secret a non-loopback control API requires (`Authorization: Bearer <token>`), compared in
/// constant time so that response timing reveals nothing of it.
public struct BearerToken: Sendable {
    private let expected: [UInt8]

    /// A token from the text of a token file, without surrounding whitespace; nil when empty.
    public init?(fileText: String) {
        let token = fileText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { return nil }
        expected = Array(token.utf8)
    }

    func authorizes(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let presented = Array(header.dropFirst("Bearer ".count).utf8)
        var difference = UInt8(presented.count == expected.count ? 0 : 1)
        for index in expected.indices {
            difference |= expected[index] ^ (index < presented.count ? presented[index] : 0)
        }
        return difference == 0
    }
}


