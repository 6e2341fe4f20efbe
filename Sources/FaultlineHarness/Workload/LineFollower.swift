#if canImport(Glibc)
import Glibc
#endif

/// Follows a file that another process appends lines to, handing over each whole line once
/// (without its newline) with its line number: a line still being written waits for its newline.
struct LineFollower {
    let path: String
    private var offset: off_t = 0
    private var nextLine = 1
    private var partial: [UInt8] = []

    init(path: String) {
        self.path = path
    }

    /// The whole lines added since the last call (and, when `final`, an unfinished last line).
    mutating func newLines(final: Bool = false) -> [(line: Int, bytes: [UInt8])] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            defer { close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, offset) }
                guard count > 0 else { break }
                partial += buffer[..<count]
                offset += off_t(count)
            }
        }
        var lines: [(Int, [UInt8])] = []
        var start = partial.startIndex
        while let newline = partial[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lines.append((nextLine, Array(partial[start..<newline])))
            start = newline + 1
            nextLine += 1
        }
        partial.removeSubrange(..<start)
        if final, !partial.isEmpty {
            lines.append((nextLine, partial))
            partial = []
        }
        return lines
    }
}
