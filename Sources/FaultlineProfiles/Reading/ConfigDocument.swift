import FaultlineCore
import Yams

/// Turns YAML or JSON text into a located `ConfigNode` tree; the only code that knows the YAML library.
///
/// Hostile input is bounded before and while parsing: the size, the nesting depth (the YAML
/// composer recurses) and the node count after alias expansion (a "billion laughs" document).
public enum ConfigDocument {
    public static let maximumBytes = 4 << 20
    public static let maximumDepth = 64
    public static let maximumNodes = 200_000

    /// Parses one document; an empty document is a null node.
    public static func parse(_ text: String, file: String) throws(DiagnosticList) -> ConfigNode {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if text.utf8.count > maximumBytes {
            throw DiagnosticList([Diagnostic(
                location: start, path: "", message: "the document is larger than \(maximumBytes >> 20) MiB")])
        }
        if let deepLine = NestingScan.firstLineDeeperThan(maximumDepth, in: text) {
            throw DiagnosticList([Diagnostic(
                location: SourceLocation(file: file, line: deepLine, column: 1), path: "",
                message: "nesting deeper than \(maximumDepth) levels")])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DiagnosticList([diagnostic(for: error, file: file)])
        } catch {
            throw DiagnosticList([Diagnostic(location: start, path: "", message: "\(error)")])
        }
        guard let root else { return ConfigNode(content: .null, location: start) }
        var converter = Converter(file: file)
        let node = converter.convert(root, fallback: start, depth: 0)
        if let problem = converter.problem { throw DiagnosticList([problem]) }
        return node
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        func located(_ mark: Mark, _ message: String) -> Diagnostic {
            Diagnostic(location: SourceLocation(file: file, line: mark.line, column: mark.column), path: "",
                       message: "invalid YAML: \(message)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line), column \($0.mark.column))" }
            return located(mark, detail ?? problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return located(context.mark, "duplicate key \(keys) in a mapping")
        case .reader(let problem, _, _, _):
            return Diagnostic(location: SourceLocation(file: file, line: 1, column: 1), path: "",
                              message: "unreadable text: \(problem)")
        default:
            return Diagnostic(location: SourceLocation(file: file, line: 1, column: 1), path: "",
                              message: "invalid YAML: \(error)")
        }
    }

    /// Builds the located tree, stopping at the first structural limit it meets.
    private struct Converter {
        let file: String
        var nodes = 0
        var problem: Diagnostic?

        init(file: String) {
            self.file = file
        }

        mutating func convert(_ node: Node, fallback: SourceLocation, depth: Int) -> ConfigNode {
            let location = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) } ?? fallback
            nodes += 1
            if problem == nil, nodes > ConfigDocument.maximumNodes {
                problem = Diagnostic(location: location, path: "",
                                     message: "more than \(ConfigDocument.maximumNodes) values (after expanding aliases)")
            }
            if problem == nil, depth > ConfigDocument.maximumDepth {
                problem = Diagnostic(location: location, path: "",
                                     message: "nesting deeper than \(ConfigDocument.maximumDepth) levels")
            }
            guard problem == nil else { return ConfigNode(content: .null, location: location) }
            switch node {
            case .scalar(let scalar):
                let plain = scalar.style == .plain || scalar.style == .any
                if plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                    return ConfigNode(content: .null, location: location)
                }
                return ConfigNode(content: .scalar(scalar.string, plain: plain), location: location)
            case .sequence(let sequence):
                let elements = sequence.map { convert($0, fallback: location, depth: depth + 1) }
                return ConfigNode(content: .sequence(elements), location: location)
            case .mapping(let mapping):
                var entries: [ConfigNode.Entry] = []
                for (key, value) in mapping {
                    let keyNode = convert(key, fallback: location, depth: depth + 1)
                    guard case .scalar(let keyText, _) = keyNode.content else {
                        if problem == nil {
                            problem = Diagnostic(location: keyNode.location, path: "",
                                                 message: "a mapping key must be a plain name, not \(keyNode.kindDescription())")
                        }
                        continue
                    }
                    entries.append(ConfigNode.Entry(
                        key: keyText, keyLocation: keyNode.location,
                        value: convert(value, fallback: keyNode.location, depth: depth + 1)))
                }
                return ConfigNode(content: .mapping(entries), location: location)
            case .alias:
                return ConfigNode(content: .null, location: location)
            }
        }
    }
}

/// A conservative look at nesting before the recursive YAML composer sees the text.
///
/// Flow collections (`[`, `{`) are counted outside quoted scalars (a quote opens one only where
/// YAML allows it, so the apostrophe in `don't` does not) and comments; block nesting is bounded
/// by a line's indentation plus its leading `- ` and `? ` indicators (a mapping may hold a
/// sequence at the same indentation, so each column can add two levels).
enum NestingScan {
    static func firstLineDeeperThan(_ limit: Int, in text: String) -> Int? {
        var flowDepth = 0
        var line = 1
        var atLineStart = true
        var indentation = 0
        var quote: Character?
        var inComment = false
        var previous: Character = "\n"
        for character in text {
            if character == "\n" {
                line += 1
                atLineStart = true
                indentation = 0
                inComment = false
                previous = character
                continue
            }
            if atLineStart {
                if character == " " || character == "-" || character == "?" {
                    indentation += 1
                    if indentation > 2 * limit { return line }
                    previous = character
                    continue
                }
                atLineStart = false
            }
            if inComment { continue }
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"", " \t\n[{,:-".contains(previous) {
                quote = character
            } else if character == "#", " \t\n".contains(previous) {
                inComment = true
            } else if character == "[" || character == "{" {
                flowDepth += 1
                if flowDepth > limit { return line }
            } else if character == "]" || character == "}" {
                flowDepth = max(0, flowDepth - 1)
            }
            previous = character
        }
        return nil
    }
}
