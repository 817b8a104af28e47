/// Errors from experiment configs, dataset manifests, runs and run records. Each says what was
/// wrong (file, key path, value) and what was expected, as one sentence.
public enum ExperimentsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A config or manifest key/value problem: `source` is the file, `path` the key path
    /// (e.g. `fusion.hyperparameters.C`), `message` what was wrong and what was expected.
    case invalid(source: String, path: String, message: String)
    /// A file that a config or manifest names cannot be used.
    case file(path: String, message: String)
    /// The data cannot support the requested run (e.g. a condition value with no windows).
    case data(message: String)
    /// A stage, model or calibrator named by the config is not part of this build.
    case unavailable(what: String, message: String)
    /// Writing or reading a run record failed.
    case record(path: String, message: String)

    public var description: String {
        switch self {
        case .invalid(let source, let path, let message):
            return path.isEmpty ? "\(source): \(message)" : "\(source): '\(path)': \(message)"
        case .file(let path, let message): return "\(path): \(message)"
        case .data(let message): return message
        case .unavailable(let what, let message): return "\(what): \(message)"
        case .record(let path, let message): return "\(path): \(message)"
        }
    }
}

/// "Did you mean" suggestions by Levenshtein edit distance (Levenshtein 1966).
enum Suggest {
    /// Edit distance (insertions, deletions, substitutions all cost 1), case-insensitive.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased())
        let y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The closest candidate within distance max(2, len/3), or nil.
    static func closest(_ word: String, in candidates: [String]) -> String? {
        let limit = max(2, word.count / 3)
        let scored = candidates.map { ($0, distance(word, $0)) }.filter { $0.1 <= limit }
        return scored.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    /// " (did you mean 'x'?)" or " (expected one of: a, b, c)".
    static func hint(_ word: String, in candidates: [String]) -> String {
        if let c = closest(word, in: candidates) { return "did you mean '\(c)'?" }
        return "expected one of: " + candidates.sorted().joined(separator: ", ")
    }
}
