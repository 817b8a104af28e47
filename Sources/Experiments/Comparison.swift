import ContentHash
import Foundation
import Tabular

/// A comparison of stage outputs with declared reference values (config key `comparison`), e.g.
/// our HRV of MIT-BIH record 100 against NeuroKit2's, or our prosody features against Praat's.
///
/// ```yaml
/// comparison:
///   neurokit2:                                   # name (letters, digits, '-', '_')
///     reference: ../Datasets/physio/mitdb100/reference/x.json   # affect.reference.v1 file
///     prefix: physio_                            # our column = prefix + reference feature name
///     features: [HRV_MeanNN, HRV_RMSSD]          # default: every feature of the reference
///     tolerance: {rtol: 0.01}                    # default for every feature; absent = none declared
///     tolerances: {HRV_LF: {rtol: 0.2}}          # per-feature tolerance (replaces the default)
///     note: why the tolerances are what they are  # optional text for the report
/// ```
///
/// Rule (numpy `isclose`): a value passes when |ours − reference| ≤ atol + rtol·|reference|;
/// both undefined (NaN / null) passes, one undefined fails. Without a declared tolerance the
/// difference is reported and `pass` is null.
public struct Comparison: Sendable, Equatable {
    /// Absolute and relative tolerance (both ≥ 0, default 0).
    public struct Tolerance: Sendable, Equatable {
        public var atol: Double
        public var rtol: Double

        public func passes(_ ours: Double, _ reference: Double) -> Bool {
            if ours.isNaN || reference.isNaN { return ours.isNaN && reference.isNaN }
            return abs(ours - reference) <= atol + rtol * abs(reference)
        }

        var json: JSONValue { .obj([("atol", .number(atol)), ("rtol", .number(rtol))]) }
    }

    public var name: String
    /// Path of the `affect.reference.v1` file (relative to the config directory).
    public var reference: String
    public var prefix: String
    /// Reference feature names to compare; empty = all of the reference's features.
    public var features: [String]
    public var tolerance: Tolerance?
    /// Per-feature tolerances (feature name → tolerance), sorted by name.
    public var tolerances: [String: Tolerance]
    /// Free text shown with the comparison (where the tolerances come from, known causes of
    /// differences). Default empty.
    public var note: String

    /// The tolerance that applies to `feature`, or nil when none is declared.
    public func tolerance(for feature: String) -> Tolerance? { tolerances[feature] ?? tolerance }

    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("reference", .string(reference)), ("prefix", .string(prefix)),
            ("features", .array(features.map { .string($0) })),
        ]
        if let tolerance { pairs.append(("tolerance", tolerance.json)) }
        pairs.append(("tolerances", .object(tolerances.keys.sorted().map { ($0, tolerances[$0]!.json) })))
        pairs.append(("note", .string(note)))
        return .object(pairs)
    }

    /// Parses the `comparison` mapping (nil = no comparison).
    static func parse(_ value: ConfigValue?, source: String) throws(ExperimentsError) -> [Comparison] {
        guard let value else { return [] }
        guard case .map(let pairs, _) = value else {
            throw .invalid(
                source: source, path: "comparison",
                message: "expected a mapping of comparison name → {reference, prefix, features, tolerance}")
        }
        var out: [Comparison] = []
        for (name, v) in pairs.sorted(by: { $0.0 < $1.0 }) {
            let path = "comparison.\(name)"
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw .invalid(source: source, path: path, message: "the name must be letters, digits, '-' or '_'")
            }
            var r = try ConfigReader(v, source: source, path: path)
            let reference = try r.string("reference")
            let prefix = try r.string("prefix", default: "")
            let features = try r.strings("features", default: [])
            var tolerance: Tolerance?
            if var t = try r.reader("tolerance") {
                tolerance = try readTolerance(&t)
            }
            var tolerances: [String: Tolerance] = [:]
            if var ts = try r.reader("tolerances") {
                for (k, _) in ts.pairs {
                    var t = try ts.reader(k, required: true)!
                    tolerances[k] = try readTolerance(&t)
                    if !features.isEmpty && !features.contains(k) {
                        throw .invalid(
                            source: source, path: "\(path).tolerances.\(k)",
                            message: "'\(k)' is not in \(path).features; " + Suggest.hint(k, in: features))
                    }
                }
                try ts.finish()
            }
            let note = try r.string("note", default: "")
            try r.finish()
            out.append(
                Comparison(
                    name: name, reference: reference, prefix: prefix, features: features, tolerance: tolerance,
                    tolerances: tolerances, note: note))
        }
        return out
    }

    private static func readTolerance(_ t: inout ConfigReader) throws(ExperimentsError) -> Tolerance {
        let tol = Tolerance(
            atol: try t.double("atol", default: 0, min: 0), rtol: try t.double("rtol", default: 0, min: 0))
        try t.finish()
        return tol
    }
}

/// A reference file, schema `affect.reference.v1`: values of named features per recording,
/// computed by another tool, with where they came from.
///
/// ```json
/// {"schema": "affect.reference.v1",
///  "tool": "NeuroKit2 0.2.13 …", "origin": "copied from … (which file, which fields)",
///  "recordings": {"mitdb100": {"HRV_MeanNN": 794.62, "HRV_TINN": null}}}
/// ```
/// `null` = undefined in the reference tool. Other top-level keys (e.g. `notes`) are kept as text.
public struct ReferenceValues: Sendable, Equatable {
    public static let schema = "affect.reference.v1"
    public var path: String
    public var sha256: String
    public var tool: String
    public var origin: String
    /// Recording id → (feature name → value, NaN for null), features in file order.
    public var recordings: [(id: String, values: [(String, Double)])]

    public static func == (a: ReferenceValues, b: ReferenceValues) -> Bool { a.sha256 == b.sha256 }

    public func values(recording: String) -> [(String, Double)]? { recordings.first { $0.id == recording }?.values }

    /// Reads and validates a reference file; errors name `configPath` (the config key).
    public static func load(path: String, source: String, configPath: String) throws(ExperimentsError)
        -> ReferenceValues
    {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .invalid(
                source: source, path: configPath,
                message: "\(path) does not exist; expected an \(schema) reference file")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .file(path: path, message: "cannot be read as UTF-8 text")
        }
        let root = try ConfigValue.parse(yaml: text, source: path).json()
        guard case .string(let s)? = root["schema"], s == schema else {
            throw .file(path: path, message: "has no \"schema\": \"\(schema)\"; expected an \(schema) reference file")
        }
        guard case .string(let tool)? = root["tool"], case .string(let origin)? = root["origin"] else {
            throw .file(path: path, message: "lacks the \"tool\" or \"origin\" text; expected both")
        }
        guard case .object(let recs)? = root["recordings"], !recs.isEmpty else {
            throw .file(path: path, message: "\"recordings\" must be a non-empty object of recording id → values")
        }
        var out: [(String, [(String, Double)])] = []
        for (id, v) in recs {
            guard case .object(let fields) = v, !fields.isEmpty else {
                throw .file(path: path, message: "recordings.\(id) must be a non-empty object of feature → number")
            }
            var values: [(String, Double)] = []
            for (name, x) in fields {
                switch x {
                case .number(let d): values.append((name, d))
                case .integer(let i): values.append((name, Double(i)))
                case .null: values.append((name, .nan))
                default:
                    throw .file(path: path, message: "recordings.\(id).\(name) is not a number or null")
                }
            }
            out.append((id, values))
        }
        let hash: String
        do { hash = try SHA256.hex(ofFileAt: path) } catch { throw .file(path: path, message: "cannot be read") }
        return ReferenceValues(path: path, sha256: hash, tool: tool, origin: origin, recordings: out)
    }
}

/// The outcome of one comparison on a run's feature table.
public struct ComparisonResult: Sendable {
    public struct Row: Sendable {
        public var window: String
        public var recording: String
        public var feature: String
        public var ours: Double
        public var reference: Double
        public var tolerance: Comparison.Tolerance?
        public var absDiff: Double { abs(ours - reference) }
        /// (ours − reference) / |reference| (NaN when the reference is 0 or undefined).
        public var relDiff: Double { reference == 0 || reference.isNaN ? .nan : (ours - reference) / abs(reference) }
        /// nil when no tolerance is declared.
        public var pass: Bool? { tolerance.map { $0.passes(ours, reference) } }
    }
    public var comparison: Comparison
    public var reference: ReferenceValues
    public var rows: [Row]

    public var passed: Int { rows.filter { $0.pass == true }.count }
    public var failed: Int { rows.filter { $0.pass == false }.count }
    public var withTolerance: Int { rows.filter { $0.pass != nil }.count }

    /// Compares every window of the recordings the reference names.
    static func compute(
        _ c: Comparison, reference: ReferenceValues, plan: RunPlan, table: FeatureTable
    ) -> ComparisonResult {
        let column = Dictionary(uniqueKeysWithValues: table.names.enumerated().map { ($1, $0) })
        var rows: [Row] = []
        for (i, row) in table.rows.enumerated() {
            let rec = plan.manifest.recordings[row.recording]
            guard let values = reference.values(recording: rec.id) else { continue }
            let wanted = c.features.isEmpty ? values.map(\.0) : c.features
            for f in wanted {
                guard let ref = values.first(where: { $0.0 == f })?.1 else { continue }
                let ours = column[c.prefix + f].map { table.values[i][$0] } ?? .nan
                rows.append(
                    Row(
                        window: "\(rec.id)#\(row.window.index)", recording: rec.id, feature: f, ours: ours,
                        reference: ref, tolerance: c.tolerance(for: f)))
            }
        }
        return ComparisonResult(comparison: c, reference: reference, rows: rows)
    }

    static let rule = "pass when |ours - reference| <= atol + rtol * |reference| (numpy isclose); both undefined passes"

    /// The comparison's entry in `metrics.json`.
    var json: JSONValue {
        func num(_ x: Double) -> JSONValue { x.isNaN ? .null : .number(x) }
        var byWindow: [(String, [(String, JSONValue)])] = []
        for r in rows {
            var cell: [(String, JSONValue)] = [
                ("ours", num(r.ours)), ("reference", num(r.reference)), ("abs_diff", num(r.absDiff)),
                ("rel_diff", num(r.relDiff)),
            ]
            if let t = r.tolerance {
                cell += [("atol", .number(t.atol)), ("rtol", .number(t.rtol)), ("pass", .bool(r.pass ?? false))]
            } else {
                cell += [("tolerance", .string("none declared")), ("pass", .null)]
            }
            if let k = byWindow.firstIndex(where: { $0.0 == r.window }) {
                byWindow[k].1.append((r.feature, .object(cell)))
            } else {
                byWindow.append((r.window, [(r.feature, .object(cell))]))
            }
        }
        return .obj([
            (
                "reference",
                .obj([
                    ("file", .string(comparison.reference)), ("sha256", .string(reference.sha256)),
                    ("tool", .string(reference.tool)), ("origin", .string(reference.origin)),
                ])
            ),
            ("prefix", .string(comparison.prefix)),
            ("rule", .string(Self.rule)),
            ("note", .string(comparison.note)),
            (
                "summary",
                .obj([
                    ("compared", .integer(rows.count)), ("with_tolerance", .integer(withTolerance)),
                    ("passed", .integer(passed)), ("failed", .integer(failed)),
                ])
            ),
            ("windows", .object(byWindow.map { ($0.0, .object($0.1)) })),
        ])
    }
}
