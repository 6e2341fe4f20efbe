/// The key path from a document's root to a value, printed as `proxies[0].faults[1].delay`.
public struct ConfigPath: Sendable, CustomStringConvertible {
    enum Component: Sendable {
        case key(String)
        case index(Int)
    }

    private var components: [Component] = []

    public static let root = ConfigPath()

    public static func / (path: ConfigPath, key: String) -> ConfigPath {
        var result = path
        result.components.append(.key(key))
        return result
    }

    public subscript(index: Int) -> ConfigPath {
        var result = self
        result.components.append(.index(index))
        return result
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
