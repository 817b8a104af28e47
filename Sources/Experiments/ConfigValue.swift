import Foundation
import Tabular
import Yams

/// A parsed YAML document as a plain tree with ordered mappings and the source line of each node,
/// so that every error can name the key path and line. Parsed with Yams (libyaml); YAML anchors
/// and aliases are resolved by Yams before this tree is built.
public indirect enum ConfigValue: Sendable, Equatable {
    /// A scalar as written; `plain` is false for quoted scalars (which are always strings).
    case scalar(String, plain: Bool, line: Int)
    case list([ConfigValue], line: Int)
    case map([(String, ConfigValue)], line: Int)

    public static func == (a: ConfigValue, b: ConfigValue) -> Bool { a.json() == b.json() }

    /// Parses YAML text (a JSON document is also YAML). `source` names the text in errors.
    public static func parse(yaml: String, source: String) throws(ExperimentsError) -> ConfigValue {
        let node: Node?
        do { node = try Yams.compose(yaml: yaml) } catch {
            throw .invalid(source: source, path: "", message: "not valid YAML (\(error))")
        }
        guard let n = node else { throw .invalid(source: source, path: "", message: "the document is empty") }
        return try convert(n, source: source, path: "")
    }

    private static func convert(_ node: Node, source: String, path: String) throws(ExperimentsError) -> ConfigValue {
        let line = node.mark?.line ?? 0
        switch node {
        case .scalar(let s): return .scalar(s.string, plain: s.style == .plain || s.style == .any, line: line)
        case .sequence(let seq):
            var items: [ConfigValue] = []
            for (i, item) in seq.enumerated() {
                items.append(try convert(item, source: source, path: "\(path)[\(i)]"))
            }
            return .list(items, line: line)
        case .mapping(let m):
            var pairs: [(String, ConfigValue)] = []
            for (k, v) in m {
                guard case .scalar(let ks) = k else {
                    throw .invalid(
                        source: source, path: path, message: "line \(line): mapping keys must be plain strings")
                }
                let key = ks.string
                let sub = path.isEmpty ? key : "\(path).\(key)"
                if pairs.contains(where: { $0.0 == key }) {
                    throw .invalid(source: source, path: sub, message: "the key appears twice; expected each key once")
                }
                pairs.append((key, try convert(v, source: source, path: sub)))
            }
            return .map(pairs, line: line)
        case .alias:
            throw .invalid(
                source: source, path: path, message: "line \(line): YAML aliases are not supported in configs")
        }
    }

    /// The source line (1-based; 0 when unknown, e.g. for values set by overrides).
    public var line: Int {
        switch self {
        case .scalar(_, _, let l), .list(_, let l), .map(_, let l): return l
        }
    }

    /// Whether this is a plain `null`/`~`/empty scalar.
    public var isNull: Bool {
        if case .scalar(let s, let plain, _) = self, plain, ["", "~", "null", "Null", "NULL"].contains(s) {
            return true
        }
        return false
    }

    /// The value at a key in a mapping, or nil.
    public subscript(key: String) -> ConfigValue? {
        if case .map(let pairs, _) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    /// A short description of the node's kind, for type errors.
    var kindName: String {
        switch self {
        case .scalar: return isNull ? "null" : "a scalar"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }

    /// Returns a copy with `value` set at the dotted `path`, creating mappings on the way.
    public func setting(path: [String], to value: ConfigValue) -> ConfigValue {
        guard let first = path.first else { return value }
        var pairs: [(String, ConfigValue)]
        var line = 0
        if case .map(let p, let l) = self {
            pairs = p
            line = l
        } else {
            pairs = []
        }
        let rest = Array(path.dropFirst())
        if let i = pairs.firstIndex(where: { $0.0 == first }) {
            pairs[i].1 = pairs[i].1.setting(path: rest, to: value)
        } else {
            pairs.append((first, ConfigValue.map([], line: 0).setting(path: rest, to: value)))
        }
        return .map(pairs, line: line)
    }

    /// Returns a copy without the top-level `key`.
    public func removing(key: String) -> ConfigValue {
        if case .map(let pairs, let l) = self { return .map(pairs.filter { $0.0 != key }, line: l) }
        return self
    }

    /// JSON with the scalars typed as YAML 1.2 core schema would (plain `true`/`false` → bool,
    /// plain numbers → number, plain null → null; everything else → string). Keys keep their
    /// order unless `sortKeys`.
    public func json(sortKeys: Bool = false) -> JSONValue {
        switch self {
        case .scalar(let s, let plain, _):
            if plain {
                if isNull { return .null }
                if s == "true" || s == "True" { return .bool(true) }
                if s == "false" || s == "False" { return .bool(false) }
                if let i = Int(s) { return .integer(i) }
                if let d = Double(s), d.isFinite, s.first != "." || s.count > 1 { return .number(d) }
            }
            return .string(s)
        case .list(let items, _): return .array(items.map { $0.json(sortKeys: sortKeys) })
        case .map(let pairs, _):
            let p = pairs.map { ($0.0, $0.1.json(sortKeys: sortKeys)) }
            return .object(sortKeys ? p.sorted { $0.0 < $1.0 } : p)
        }
    }
}

extension JSONValue {
    /// A copy with object keys sorted (byte order) at every depth.
    public func sortedKeys() -> JSONValue {
        switch self {
        case .array(let items): return .array(items.map { $0.sortedKeys() })
        case .object(let pairs): return .object(pairs.map { ($0.0, $0.1.sortedKeys()) }.sorted { $0.0 < $1.0 })
        default: return self
        }
    }

    /// The value for `key` in an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    /// The value as a YAML-compatible config tree (JSON is YAML), for re-reading resolved configs.
    public func configValue() -> ConfigValue {
        switch self {
        case .null: return .scalar("null", plain: true, line: 0)
        case .bool(let b): return .scalar(b ? "true" : "false", plain: true, line: 0)
        case .integer(let i): return .scalar(String(i), plain: true, line: 0)
        case .number: return .scalar(rendered(pretty: false), plain: true, line: 0)
        case .string(let s): return .scalar(s, plain: false, line: 0)
        case .array(let items): return .list(items.map { $0.configValue() }, line: 0)
        case .object(let pairs): return .map(pairs.map { ($0.0, $0.1.configValue()) }, line: 0)
        }
    }
}
