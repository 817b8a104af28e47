/// Errors from reading and writing delimited tables. Each names the source, and where relevant the
/// column, the 1-based data row and what was expected.
public enum TableError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(source: String, reason: String)
    case empty(source: String)
    case malformed(source: String, row: Int, detail: String)
    case missingColumn(source: String, column: String, available: [String])
    case notNumeric(source: String, column: String, row: Int, value: String)
    case nonFinite(source: String, column: String, row: Int, value: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let s, let r): return "\(s): cannot be read (\(r))"
        case .empty(let s): return "\(s): the file is empty; expected a header row and at least one data row"
        case .malformed(let s, let row, let d): return "\(s): row \(row): \(d)"
        case .missingColumn(let s, let c, let a):
            let shown = a.prefix(12).joined(separator: ", ") + (a.count > 12 ? ", …" : "")
            return "\(s): no column '\(c)'; the header has: \(shown)"
        case .notNumeric(let s, let c, let row, let v):
            return "\(s): column '\(c)', row \(row): '\(v)' is not a number"
        case .nonFinite(let s, let c, let row, let v):
            return "\(s): column '\(c)', row \(row): value '\(v)' is not finite; expected a finite number"
        case .unwritable(let p, let r): return "\(p): cannot be written (\(r))"
        }
    }
}
