/// Why the registry refused a change; nothing was changed.
public enum RegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownProxy(String)
    case duplicateProxy(String)
    case unknownFault(proxy: String, fault: String)
    case duplicateFault(proxy: String, fault: String)
    case invalidFault(proxy: String, reason: String)
    case cannotListen(proxy: String, address: String, reason: String)

    public var description: String {
        switch self {
        case .unknownProxy(let name): "no proxy named '\(name)'"
        case .duplicateProxy(let name): "a proxy named '\(name)' already exists"
        case .unknownFault(let proxy, let fault): "proxy '\(proxy)' has no fault named '\(fault)'"
        case .duplicateFault(let proxy, let fault): "proxy '\(proxy)' already has a fault named '\(fault)'"
        case .invalidFault(let proxy, let reason): "proxy '\(proxy)': \(reason)"
        case .cannotListen(let proxy, let address, let reason): "proxy '\(proxy)' cannot listen on \(address): \(reason)"
        }
    }
}
