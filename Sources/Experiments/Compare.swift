import Foundation
import Reporting
import Tabular

/// `affect compare RUN...`: metrics with CIs side by side (overall and per condition/group
/// value), gaps, and the config keys whose values differ between the runs.
public enum Compare {
    public struct Run: Sendable {
        public var directory: String
        public var name: String
        public var metrics: JSONValue
        public var config: JSONValue
    }

    public static func load(_ dirs: [String]) throws(ExperimentsError) -> [Run] {
        var out: [Run] = []
        for d in dirs {
            guard RunRecord.isComplete(d) else { throw .record(path: d, message: "is not a complete run record") }
            out.append(
                Run(
                    directory: d, name: URL(fileURLWithPath: d).lastPathComponent,
                    metrics: try RunRecord.readJSON(
                        URL(fileURLWithPath: d).appendingPathComponent("metrics.json").path),
                    config: try RunRecord.readJSON(
                        URL(fileURLWithPath: d).appendingPathComponent("config.resolved.json").path)))
        }
        return out
    }

    /// Flattens a JSON value into dotted key paths → compact JSON text.
    public static func flatten(_ v: JSONValue, prefix: String = "") -> [(String, String)] {
        if case .object(let pairs) = v {
            return pairs.flatMap { flatten($0.1, prefix: prefix.isEmpty ? $0.0 : "\(prefix).\($0.0)") }
        }
        return [(prefix, v.rendered(pretty: false))]
    }

    /// Config keys whose values differ, with each run's value.
    public static func configDiff(_ runs: [Run]) -> [(String, [String])] {
        let flat = runs.map {
            Dictionary(flatten($0.config).filter { !$0.0.hasPrefix("outputs.") }, uniquingKeysWith: { a, _ in a })
        }
        let keys = Set(flat.flatMap(\.keys)).sorted()
        return keys.compactMap { k in
            let vals = flat.map { $0[k] ?? "(absent)" }
            return Set(vals).count > 1 ? (k, vals) : nil
        }
    }

    static func cell(_ e: JSONValue?) -> String {
        func num(_ v: JSONValue?) -> Double? {
            switch v {
            case .number(let x)?: return x
            case .integer(let i)?: return Double(i)
            default: return nil
            }
        }
        guard let v = num(e?["value"]) else { return "–" }
        let s = String(format: "%.3f", v)
        if let lo = num(e?["ci_low"]), let hi = num(e?["ci_high"]) {
            return s + String(format: " [%.3f, %.3f]", lo, hi)
        }
        return s
    }

    /// Rows: (slice, metric) → one cell per run.
    public static func metricRows(_ runs: [Run]) -> [[String]] {
        var slices: [(String, (JSONValue) -> JSONValue?)] = [("overall", { $0["overall"] })]
        var seen = Set<String>()
        for r in runs {
            for facet in ["by_condition", "by_group"] {
                guard case .object(let keys)? = r.metrics[facet] else { continue }
                for (k, kv) in keys {
                    guard case .object(let vals)? = kv["values"] else { continue }
                    for (v, _) in vals where !seen.contains("\(facet).\(k).\(v)") {
                        seen.insert("\(facet).\(k).\(v)")
                        slices.append(("\(k) = \(v)", { $0[facet]?[k]?["values"]?[v] }))
                    }
                }
            }
        }
        var metrics: [String] = []
        for r in runs {
            if case .object(let m)? = r.metrics["overall"]?["calibrated"] {
                for (name, _) in m where !metrics.contains(name) { metrics.append(name) }
            }
        }
        var rows: [[String]] = []
        for (label, get) in slices {
            for m in metrics { rows.append([label, m] + runs.map { cell(get($0.metrics)?["calibrated"]?[m]) }) }
        }
        return rows
    }

    /// Rows: comparison name → "passed/with tolerance/compared" per run ("–" where absent).
    public static func comparisonRows(_ runs: [Run]) -> [[String]] {
        var names: [String] = []
        for r in runs {
            if case .object(let cs)? = r.metrics["comparison"] {
                for (n, _) in cs where !names.contains(n) { names.append(n) }
            }
        }
        return names.map { n in
            [n]
                + runs.enumerated().map { i, r in
                    guard let sm = r.metrics["comparison"]?[n]?["summary"] else { return "[\(i + 1)] –" }
                    func v(_ k: String) -> String { sm[k]?.rendered(pretty: false) ?? "?" }
                    return "[\(i + 1)] \(v("passed"))/\(v("with_tolerance"))/\(v("compared"))"
                }
        }
    }

    public static func text(_ runs: [Run]) -> String {
        var s = "runs:\n"
        for (i, r) in runs.enumerated() { s += "  [\(i + 1)] \(r.directory)\n" }
        let header = ["slice", "metric"] + runs.indices.map { "[\($0 + 1)]" }
        let rows = metricRows(runs)
        let widths = header.indices.map { c in max(header[c].count, rows.map { $0[c].count }.max() ?? 0) }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        s += "\nmetrics (value [95% CI]) of the calibrated probabilities:\n" + line(header) + "\n"
        for r in rows { s += line(r) + "\n" }
        let comp = comparisonRows(runs)
        if !comp.isEmpty {
            s += "\ncomparisons with reference values (passed / with a tolerance / compared):\n"
            for r in comp { s += "  " + r.joined(separator: "  ") + "\n" }
        }
        let diff = configDiff(runs)
        s += "\nconfig differences:\n"
        if diff.isEmpty { s += "  none (same resolved config apart from outputs)\n" }
        for (k, vals) in diff {
            s +=
                "  \(k): " + vals.enumerated().map { "[\($0.offset + 1)] \($0.element)" }.joined(separator: "  ") + "\n"
        }
        return s
    }

    /// The comparison as an HTML document; `figures` are the runs' reliability diagrams when present.
    public static func document(_ runs: [Run]) -> ReportDocument {
        var b: [ReportDocument.Block] = []
        b.append(
            .paragraph(
                "Indicator quality of several runs side by side; values are point estimates with bias-corrected percentile bootstrap CIs over subjects (see each run's metrics.json ci_method)."
            ))
        b.append(
            .table(
                caption: "Runs.", header: ["#", "run"],
                rows: runs.enumerated().map { ["[\($0.offset + 1)]", $0.element.directory] }))
        b.append(
            .table(
                caption: "Metrics of the calibrated probabilities.",
                header: ["slice", "metric"] + runs.indices.map { "[\($0 + 1)]" }, rows: metricRows(runs)))
        let comp = comparisonRows(runs)
        if !comp.isEmpty {
            b.append(
                .table(
                    caption: "Comparisons with reference values: passed / with a declared tolerance / compared.",
                    header: ["comparison"] + runs.indices.map { "[\($0 + 1)]" }, rows: comp))
        }
        let diff = configDiff(runs)
        b.append(
            .table(
                caption: "Config keys that differ.", header: ["key"] + runs.indices.map { "[\($0 + 1)]" },
                rows: diff.map { [$0.0] + $0.1 }))
        var figs: [ReportDocument.Figure] = []
        for (i, r) in runs.enumerated() {
            let calDir = URL(fileURLWithPath: r.directory).appendingPathComponent("calibration")
            for f in ((try? FileManager.default.contentsOfDirectory(atPath: calDir.path)) ?? []).sorted()
            where f.hasSuffix(".svg") {
                if let svg = try? String(contentsOf: calDir.appendingPathComponent(f), encoding: .utf8) {
                    figs.append(
                        ReportDocument.Figure(
                            caption: "[\(i + 1)] \(f)", svg: svg,
                            csv: "calibration/" + f.replacingOccurrences(of: ".svg", with: ".csv")))
                }
            }
        }
        if !figs.isEmpty {
            b.append(.heading(1, "Reliability diagrams"))
            b.append(.figures(figs))
        }
        return ReportDocument(title: "AffectWorkbench comparison of \(runs.count) runs", blocks: b)
    }
}
