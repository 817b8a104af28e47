import Foundation

/// Typed, path-aware reading of one mapping in a config tree.
///
/// Every read names the key; `finish()` rejects keys that were never read, with the closest known
/// key as a suggestion. Errors carry the full dotted key path and the source line.
struct ConfigReader {
    let source: String
    let path: String
    let pairs: [(String, ConfigValue)]
    let line: Int
    private(set) var known: [String] = []

    init(_ value: ConfigValue, source: String, path: String) throws(ExperimentsError) {
        guard case .map(let p, let l) = value else {
            throw .invalid(source: source, path: path, message: "expected a mapping of keys, found \(value.kindName)")
        }
        self.source = source
        self.path = path
        self.pairs = p
        self.line = l
    }

    func sub(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func fail(_ key: String, _ value: ConfigValue?, _ message: String) -> ExperimentsError {
        let l = value?.line ?? 0
        return .invalid(source: source, path: sub(key), message: (l > 0 ? "line \(l): " : "") + message)
    }

    mutating func raw(_ key: String) -> ConfigValue? {
        known.append(key)
        guard let v = pairs.first(where: { $0.0 == key })?.1, !v.isNull else { return nil }
        return v
    }

    func has(_ key: String) -> Bool { pairs.contains { $0.0 == key && !$0.1.isNull } }

    mutating func string(_ key: String, default d: String? = nil, oneOf: [String]? = nil) throws(ExperimentsError)
        -> String
    {
        guard let v = raw(key) else {
            if let d { return d }
            throw fail(key, nil, "is required" + (line > 0 ? " (mapping at line \(line))" : ""))
        }
        guard case .scalar(let s, _, _) = v else { throw fail(key, v, "expected a string, found \(v.kindName)") }
        if let options = oneOf, !options.contains(s) {
            throw fail(key, v, "'\(s)' is not allowed; " + Suggest.hint(s, in: options))
        }
        return s
    }

    mutating func optionalString(_ key: String) throws(ExperimentsError) -> String? {
        guard has(key) else {
            known.append(key)
            return nil
        }
        return try string(key)
    }

    mutating func double(
        _ key: String, default d: Double? = nil, min lo: Double? = nil, max hi: Double? = nil,
        exclusiveMin: Bool = false
    ) throws(ExperimentsError) -> Double {
        guard let v = raw(key) else {
            if let d { return d }
            throw fail(key, nil, "is required; expected a number")
        }
        guard case .scalar(let s, let plain, _) = v, plain, let x = Double(s), x.isFinite else {
            throw fail(key, v, "expected a finite number, found \(describe(v))")
        }
        if let lo, exclusiveMin ? x <= lo : x < lo {
            throw fail(key, v, "\(s) is out of range; expected a number \(exclusiveMin ? ">" : ">=") \(fmt(lo))")
        }
        if let hi, x > hi { throw fail(key, v, "\(s) is out of range; expected a number <= \(fmt(hi))") }
        return x
    }

    mutating func int(_ key: String, default d: Int? = nil, min lo: Int? = nil, max hi: Int? = nil)
        throws(ExperimentsError) -> Int
    {
        guard let v = raw(key) else {
            if let d { return d }
            throw fail(key, nil, "is required; expected an integer")
        }
        guard case .scalar(let s, let plain, _) = v, plain, let x = Int(s) else {
            throw fail(key, v, "expected an integer, found \(describe(v))")
        }
        if let lo, x < lo { throw fail(key, v, "\(x) is out of range; expected an integer >= \(lo)") }
        if let hi, x > hi { throw fail(key, v, "\(x) is out of range; expected an integer <= \(hi)") }
        return x
    }

    mutating func uint64(_ key: String, default d: UInt64) throws(ExperimentsError) -> UInt64 {
        guard let v = raw(key) else { return d }
        guard case .scalar(let s, _, _) = v, let x = UInt64(s) else {
            throw fail(key, v, "expected a non-negative integer seed, found \(describe(v))")
        }
        return x
    }

    mutating func bool(_ key: String, default d: Bool) throws(ExperimentsError) -> Bool {
        guard let v = raw(key) else { return d }
        guard case .scalar(let s, let plain, _) = v, plain, s == "true" || s == "false" else {
            throw fail(key, v, "expected true or false, found \(describe(v))")
        }
        return s == "true"
    }

    mutating func strings(_ key: String, default d: [String]? = nil, oneOf: [String]? = nil)
        throws(ExperimentsError) -> [String]
    {
        guard let v = raw(key) else {
            if let d { return d }
            throw fail(key, nil, "is required; expected a list of strings")
        }
        guard case .list(let items, _) = v else {
            throw fail(key, v, "expected a list of strings, found \(v.kindName)")
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .scalar(let s, _, _) = item, !item.isNull else {
                throw fail("\(key)[\(i)]", item, "expected a string, found \(item.kindName)")
            }
            if let options = oneOf, !options.contains(s) {
                throw fail("\(key)[\(i)]", item, "'\(s)' is not allowed; " + Suggest.hint(s, in: options))
            }
            if out.contains(s) { throw fail("\(key)[\(i)]", item, "'\(s)' is listed twice") }
            out.append(s)
        }
        return out
    }

    mutating func reader(_ key: String, required: Bool = false) throws(ExperimentsError) -> ConfigReader? {
        guard let v = raw(key) else {
            if required { throw fail(key, nil, "is required; expected a mapping") }
            return nil
        }
        return try ConfigReader(v, source: source, path: sub(key))
    }

    /// Rejects every key that no read asked for.
    func finish() throws(ExperimentsError) {
        for (k, v) in pairs where !known.contains(k) {
            throw fail(k, v, "unknown key; " + Suggest.hint(k, in: known))
        }
    }

    private func describe(_ v: ConfigValue) -> String {
        if case .scalar(let s, _, _) = v { return "'\(s)'" }
        return v.kindName
    }

    private func fmt(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
}
