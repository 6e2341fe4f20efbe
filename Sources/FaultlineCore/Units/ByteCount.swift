/// An amount of data, as profiles write it: "512B", "64KiB", "10MB" or a bare number of bytes.
///
/// Decimal prefixes (KB, MB, GB) are powers of 1000, binary ones (KiB, MiB, GiB) powers of 1024.
public struct ByteCount: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var bytes: Int64

    public init(bytes: Int64) {
        self.bytes = bytes
    }

    static let units: [(name: String, bytes: UInt64)] = [
        ("B", 1),
        ("KB", 1_000), ("kB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
    ]

    /// What valid text looks like, for error messages.
    public static let expectedSyntax = "a size such as 512B, 64KiB or 10MB"

    /// Parses a non-negative whole number of bytes with an optional unit.
    public init(parsing text: String) throws(ValueParseError) {
        guard let quantity = DecimalQuantity(text), !quantity.isNegative || quantity.isZero else {
            throw ValueParseError(expected: Self.expectedSyntax, found: text)
        }
        let unitName = quantity.unit.isEmpty ? "B" : String(quantity.unit)
        guard let unit = Self.units.first(where: { $0.name == unitName }) else {
            throw ValueParseError(
                expected: Self.expectedSyntax, found: text,
                hint: "unknown unit '\(unitName)'; units are B, KB, MB, GB, TB, KiB, MiB, GiB, TiB")
        }
        guard let bytes = quantity.scaled(by: unit.bytes), bytes <= UInt64(Int64.max) else {
            throw ValueParseError(expected: "a whole number of bytes", found: text)
        }
        self.bytes = Int64(bytes)
    }

    public static func < (lhs: ByteCount, rhs: ByteCount) -> Bool { lhs.bytes < rhs.bytes }

    /// The shortest exact text in the profile syntax, preferring binary units.
    public var description: String {
        for (name, size) in [("TiB", Int64(1) << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        where bytes != 0 && bytes % size == 0 {
            return "\(bytes / size)\(name)"
        }
        return "\(bytes)B"
    }
}
