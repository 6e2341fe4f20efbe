/// A data rate, as profiles write it: "1MB/s", "512KiB/s" (bytes) or "10Mbit/s", "100kbps" (bits).
public struct ByteRate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var bytesPerSecond: Double

    public init(bytesPerSecond: Double) {
        self.bytesPerSecond = bytesPerSecond
    }

    static let units: [(names: [String], bytesPerSecond: Double)] = [
        (["B/s", "Bps"], 1),
        (["KB/s", "kB/s", "KBps"], 1e3), (["MB/s", "MBps"], 1e6), (["GB/s", "GBps"], 1e9),
        (["KiB/s"], 1024), (["MiB/s"], 1_048_576), (["GiB/s"], 1_073_741_824),
        (["bit/s", "bps"], 1.0 / 8), (["kbit/s", "Kbit/s", "kbps", "Kbps"], 1e3 / 8),
        (["Mbit/s", "Mbps"], 1e6 / 8), (["Gbit/s", "Gbps"], 1e9 / 8),
    ]

    /// What valid text looks like, for error messages.
    public static let expectedSyntax = "a positive rate such as 1MB/s, 512KiB/s, 10Mbit/s or 100kbps"

    /// Parses a positive rate; the unit is required, since bits and bytes are easy to confuse.
    public init(parsing text: String) throws(ValueParseError) {
        guard let quantity = DecimalQuantity(text), !quantity.isNegative, !quantity.isZero else {
            throw ValueParseError(expected: Self.expectedSyntax, found: text)
        }
        guard let unit = Self.units.first(where: { $0.names.contains(String(quantity.unit)) }) else {
            let hint = quantity.unit.isEmpty
                ? "add a unit, e.g. \(text)KB/s or \(text)Mbit/s"
                : "unknown unit '\(quantity.unit)'; bytes: B/s KB/s MB/s GB/s KiB/s MiB/s GiB/s; bits: bit/s kbit/s Mbit/s Gbit/s (or bps kbps Mbps Gbps)"
            throw ValueParseError(expected: Self.expectedSyntax, found: text, hint: hint)
        }
        bytesPerSecond = quantity.doubleValue * unit.bytesPerSecond
    }

    public static func < (lhs: ByteRate, rhs: ByteRate) -> Bool { lhs.bytesPerSecond < rhs.bytesPerSecond }

    public var description: String {
        for (name, size) in [("GB/s", 1e9), ("MB/s", 1e6), ("KB/s", 1e3)] where bytesPerSecond >= size {
            return "\(Self.trimmed(bytesPerSecond / size))\(name)"
        }
        return "\(Self.trimmed(bytesPerSecond))B/s"
    }

    private static func trimmed(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
