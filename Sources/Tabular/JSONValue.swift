import Foundation

/// A JSON value with ordered object keys, rendered byte-identically every time.
///
/// Every AffectWorkbench JSON output is an object whose first keys are `"schema"`, `"input"` and
/// `"parameters"` (shared/DESIGN.md); `JSONEncoder` cannot keep that order, this can. Numbers use
/// Swift's shortest round-trip form; NaN and ±Inf have no JSON form and are written as `null`
/// (callers state the reason in a sibling field).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// Object from ordered pairs.
    public static func obj(_ pairs: [(String, JSONValue)]) -> JSONValue { .object(pairs) }
    /// Array of numbers.
    public static func numbers(_ xs: [Double]) -> JSONValue { .array(xs.map { .number($0) }) }
    /// Array of integers.
    public static func integers(_ xs: [Int]) -> JSONValue { .array(xs.map { .integer($0) }) }
    /// Object of name → number, in the given order.
    public static func numberMap(_ pairs: [(String, Double)]) -> JSONValue {
        .object(pairs.map { ($0.0, .number($0.1)) })
    }

    /// The value as JSON text; `pretty` indents by two spaces with one key per line.
    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: pretty ? 0 : nil)
        return out
    }

    private func write(into out: inout String, indent: Int?) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let x):
            if !x.isFinite {
                out += "null"
            } else if x == x.rounded(), abs(x) < 1e15 {
                out += String(Int(x))
            } else {
                out += "\(x)"
            }
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            // Arrays of scalars stay on one line for readability.
            let scalar = items.allSatisfy {
                if case .array = $0 { return false }
                if case .object = $0 { return false }
                return true
            }
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                if let d = indent, !scalar { newline(&out, d + 1) } else if indent != nil && i > 0 { out += " " }
                v.write(into: &out, indent: indent.map { $0 + 1 })
            }
            if let d = indent, !scalar { newline(&out, d) }
            out += "]"
        case .object(let pairs):
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out += "," }
                if let d = indent { newline(&out, d + 1) }
                JSONValue.quote(k, into: &out)
                out += indent == nil ? ":" : ": "
                v.write(into: &out, indent: indent.map { $0 + 1 })
            }
            if let d = indent { newline(&out, d) }
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ depth: Int) {
        out += "\n" + String(repeating: "  ", count: depth)
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
