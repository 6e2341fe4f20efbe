#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages for people go to standard error, so that standard output stays parseable.
enum StandardError {
    static func print(_ message: String) {
        write(message.hasSuffix("\n") ? message : message + "\n")
    }

    /// Writes `text` as it is, without a newline (a progress line redrawn in place).
    static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            #if canImport(Glibc)
            let written = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            #elseif canImport(Musl)
            let written = bytes.withUnsafeBytes { Musl.write(2, $0.baseAddress, $0.count) }
            #else
            let written = bytes.withUnsafeBytes { Darwin.write(2, $0.baseAddress, $0.count) }
            #endif
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
