/// Errors from the synthetic-corpus generator (config reading, validation, writing).
///
/// Every case names the config key path (e.g. `groups.levels[1].f0_baseline_hz`) or the file, says
/// what was wrong and what was expected. Nothing is clamped or repaired silently.
public enum SyntheticCorpusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The config text is not valid YAML (`source`, parser message).
    case unparsable(source: String, detail: String)
    /// A key in the config is wrong: unknown, missing, of the wrong type or out of range.
    case invalidConfig(source: String, path: String, problem: String)
    /// The output directory cannot be used (exists, unwritable, ...).
    case output(path: String, problem: String)
    /// An internal synthesis step failed (a library call rejected a value); names the step.
    case synthesis(step: String, detail: String)

    public var description: String {
        switch self {
        case .unparsable(let source, let detail):
            return "\(source): not valid YAML (\(detail))"
        case .invalidConfig(let source, let path, let problem):
            return "\(source): \(path.isEmpty ? "(top level)" : path): \(problem)"
        case .output(let path, let problem):
            return "\(path): \(problem)"
        case .synthesis(let step, let detail):
            return "synthetic corpus: \(step) failed: \(detail)"
        }
    }
}

/// A config-time error raised inside `init(from:)`; converted to `SyntheticCorpusError.invalidConfig`
/// (with the source name) by `SyntheticCorpusConfig.parse`.
struct ConfigKeyError: Error {
    let path: String
    let problem: String
}

/// A coding key for any string or integer key (used to list the keys actually present).
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Renders a coding path as `a.b[2].c`.
func keyPathText(_ path: [any CodingKey]) -> String {
    var out = ""
    for key in path {
        if let i = key.intValue {
            out += "[\(i)]"
        } else {
            out += out.isEmpty ? key.stringValue : "." + key.stringValue
        }
    }
    return out
}

extension Decoder {
    /// Throws `ConfigKeyError` naming the first key of this mapping that is not in `known`.
    func rejectUnknownKeys<K: CodingKey & CaseIterable>(_ known: K.Type) throws {
        let present = try container(keyedBy: AnyCodingKey.self).allKeys
        let allowed = K.allCases.map(\.stringValue)
        for key in present where !allowed.contains(key.stringValue) {
            throw ConfigKeyError(
                path: keyPathText(codingPath + [key]),
                problem: "unknown key '\(key.stringValue)'; expected one of: \(allowed.joined(separator: ", "))")
        }
    }
}
