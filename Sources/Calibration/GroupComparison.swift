import SignalCore
import Tabular

/// Metrics per condition or group, and the difference between every pair of groups with its
/// bootstrap interval, so that a gap between conditions can be judged against its uncertainty.
///
/// Groups are the distinct values of `Predictions.groups`, in sorted order. Differences are
/// value(a) − value(b) for every pair a < b. With a bootstrap, each replicate resamples rows
/// within each group independently (stratified, so group sizes stay fixed; one seeded stream,
/// groups in sorted order), and the same replicates give the group intervals and the
/// difference intervals.
public struct GroupComparison: Sendable {
    public struct Group: Sendable {
        public let name: String
        public let count: Int
        public let report: CalibrationReport
        public let intervals: [(String, Bootstrap.Interval)]
    }
    public struct Difference: Sendable {
        public let a: String
        public let b: String
        public let metric: String
        public let value: Double
        public let interval: Bootstrap.Interval?
    }
    public let groups: [Group]
    public let differences: [Difference]

    public static func compute(_ p: Predictions, options: MetricOptions = MetricOptions(), bootstrap: Bootstrap? = nil)
        throws(CalibrationError) -> GroupComparison
    {
        guard p.groups != nil else {
            throw .parameter(name: "groups", value: "none", expected: "a group or condition value for every row")
        }
        let parts = p.groupIndices()
        for part in parts where part.rows.isEmpty {
            throw .empty(source: p.source, detail: "group '\(part.name)' has no rows")
        }
        try bootstrap?.validate()
        let subsets = parts.map { p.subset($0.rows) }
        let reports = try subsets.map { (s: Predictions) throws(CalibrationError) in
            try CalibrationMetrics.report(s, options: options)
        }
        let names = reports.first?.flattened.map(\.0).filter { $0 != "n" } ?? []
        var perGroup = [[[Double]]](repeating: [[Double]](repeating: [], count: names.count), count: parts.count)
        if let b = bootstrap {
            var opts = options
            opts.targetRisk = nil
            var stream = ResampleStream(b.generator, seed: b.seed)
            for _ in 0..<b.replicates {
                for (g, s) in subsets.enumerated() {
                    let idx = stream.indices(s.count)
                    let flat = Dictionary(
                        uniqueKeysWithValues: try CalibrationMetrics.report(s.subset(idx), options: opts).flattened)
                    for (j, name) in names.enumerated() { perGroup[g][j].append(flat[name] ?? .nan) }
                }
            }
        }
        var groups: [Group] = []
        for (g, part) in parts.enumerated() {
            let iv: [(String, Bootstrap.Interval)] =
                bootstrap.map { b in names.indices.map { (names[$0], b.interval(perGroup[g][$0])) } } ?? []
            groups.append(Group(name: part.name, count: part.rows.count, report: reports[g], intervals: iv))
        }
        var diffs: [Difference] = []
        for a in 0..<parts.count {
            for b in (a + 1)..<max(parts.count, a + 1) {
                let fa = Dictionary(uniqueKeysWithValues: reports[a].flattened)
                let fb = Dictionary(uniqueKeysWithValues: reports[b].flattened)
                for (j, name) in names.enumerated() {
                    guard let va = fa[name], let vb = fb[name] else { continue }
                    var iv: Bootstrap.Interval? = nil
                    if let boot = bootstrap {
                        iv = boot.interval(zip(perGroup[a][j], perGroup[b][j]).map { $0 - $1 })
                    }
                    diffs.append(
                        Difference(a: parts[a].name, b: parts[b].name, metric: name, value: va - vb, interval: iv))
                }
            }
        }
        return GroupComparison(groups: groups, differences: diffs)
    }

    /// {"by": {group: {"n", "metrics", "ci"}}, "differences": {"a - b": {metric: {"value", "ci"}}}}.
    public var json: (by: JSONValue, differences: JSONValue) {
        let by: JSONValue = .object(
            groups.map { g in
                var pairs: [(String, JSONValue)] = [
                    ("n", .integer(g.count)),
                    ("metrics", .object(g.report.flattened.map { ($0.0, .number($0.1)) })),
                ]
                if !g.intervals.isEmpty { pairs.append(("ci", .object(g.intervals.map { ($0.0, $0.1.json) }))) }
                return (g.name, .object(pairs))
            })
        var keys: [String] = []
        var grouped: [String: [(String, JSONValue)]] = [:]
        for d in differences {
            let key = "\(d.a) - \(d.b)"
            if grouped[key] == nil { keys.append(key) }
            var entry: [(String, JSONValue)] = [("value", .number(d.value))]
            if let iv = d.interval { entry.append(("ci", iv.json)) }
            grouped[key, default: []].append((d.metric, .object(entry)))
        }
        return (by, .object(keys.map { ($0, .object(grouped[$0]!)) }))
    }
}
