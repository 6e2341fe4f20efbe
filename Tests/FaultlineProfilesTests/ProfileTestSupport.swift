import FaultlineCore
import FaultlineProfiles
import Testing

/// Decodes `yaml` as a profile named test.yaml, returning the diagnostics (empty when valid).
func problems(in yaml: String) -> [Diagnostic] {
    do {
        _ = try Profile(text: yaml, file: "test.yaml")
        return []
    } catch {
        return error.diagnostics
    }
}

/// A profile with one proxy of the given protocol whose faults are `faults` (YAML list items).
func profile(protocol transport: String = "tcp", faults: String) -> String {
    """
    proxies:
      - name: db
        protocol: \(transport)
        listen: 127.0.0.1:7000
        upstream: 127.0.0.1:7001
        faults:
    \(faults.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n"))
    """
}

/// The only fault of a one-fault profile.
func decodeFault(_ yaml: String, protocol transport: String = "tcp") throws -> FaultSpec {
    let decoded = try Profile(text: profile(protocol: transport, faults: yaml), file: "test.yaml")
    return try #require(decoded.proxies.first?.faults.first)
}

/// The directory holding Package.swift, found from this file's path.
let repositoryRoot: String = {
    var path = #filePath
    for _ in 0..<3 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
    return path
}()
