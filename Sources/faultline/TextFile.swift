import Foundation

/// Reads a user's text file with a clear error for each way it can fail.
enum TextFile {
    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ path: String, maximumBytes: Int) throws -> String {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(description: "\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw ReadError(description: "\(path): is a directory, not a file") }
        let size = (try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumBytes else {
            throw ReadError(description: "\(path): larger than \(maximumBytes >> 20) MiB (\(size) bytes)")
        }
        guard let data = manager.contents(atPath: path) else {
            throw ReadError(description: "\(path): cannot be read (permission denied?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReadError(description: "\(path): not UTF-8 text")
        }
        return text
    }
}
