import SignalCore
import Tabular

/// Seeded percentile bootstrap (Efron & Tibshirani 1993, §13.3) for every metric of a report.
///
/// Each replicate draws n row indices uniformly with replacement from one seeded stream in
/// replicate order (`generator`: SplitMix64 by default, or numpy's `default_rng(seed)` with one
/// `integers(0, n, n)` per replicate), recomputes the metrics on that resample, and the interval
/// is the [(1 − level)/2, (1 + level)/2] percentiles (numpy linear) of the replicate values. Replicates where a metric is undefined (NaN, e.g. Cox on a one-class resample) are
/// left out of that metric and counted. Same seed, same data → identical intervals.
public struct Bootstrap: Codable, Sendable, Equatable {
    /// Number of resamples B ≥ 1. Default 1000.
    public var replicates: Int
    /// Seed of the resampling stream. Default 12345.
    public var seed: UInt64
    /// Two-sided coverage in (0, 1). Default 0.95.
    public var level: Double
    /// Generator of the row indices. Default `.splitMix64` (absent from older JSON → default).
    public var generator: BootstrapGenerator

    public init(
        replicates: Int = 1000, seed: UInt64 = 12345, level: Double = 0.95,
        generator: BootstrapGenerator = .splitMix64
    ) {
        self.replicates = replicates
        self.seed = seed
        self.level = level
        self.generator = generator
    }

    enum CodingKeys: String, CodingKey { case replicates, seed, level, generator }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        replicates = try c.decode(Int.self, forKey: .replicates)
        seed = try c.decode(UInt64.self, forKey: .seed)
        level = try c.decode(Double.self, forKey: .level)
        generator = try c.decodeIfPresent(BootstrapGenerator.self, forKey: .generator) ?? .splitMix64
    }

    public func validate() throws(CalibrationError) {
        guard replicates >= 1 else {
            throw .parameter(name: "bootstrap replicates", value: "\(replicates)", expected: "at least 1")
        }
        guard level > 0, level < 1 else {
            throw .parameter(name: "bootstrap level", value: "\(level)", expected: "a coverage in (0, 1)")
        }
    }

    /// A percentile interval and how many replicates defined it.
    public struct Interval: Sendable, Equatable {
        public let lower: Double
        public let upper: Double
        public let replicates: Int

        public var json: JSONValue { .numbers([lower, upper]) }
    }

    public var json: JSONValue {
        .obj([
            ("replicates", .integer(replicates)), ("seed", .integer(Int(truncatingIfNeeded: seed))),
            ("level", .number(level)), ("generator", .string(generator.rawValue)),
            (
                "method",
                .string("percentile bootstrap, rows resampled with replacement, \(generator.description)")
            ),
        ])
    }

    /// Mean, standard deviation (ddof = 1) and percentile interval of a statistic's replicates.
    public struct Summary: Sendable, Equatable {
        public let mean: Double
        public let sd: Double
        public let interval: Interval
    }

    /// The statistic on each of the `replicates` resamples, in replicate order.
    public func replicateValues(
        _ p: Predictions, statistic: (Predictions) throws(CalibrationError) -> Double
    ) throws(CalibrationError) -> [Double] {
        try validate()
        var stream = ResampleStream(generator, seed: seed)
        var values = [Double](repeating: 0, count: replicates)
        for r in 0..<replicates { values[r] = try statistic(p.subset(stream.indices(p.count))) }
        return values
    }

    /// Summary of replicate values (NaNs dropped): numpy `mean`, `std(ddof=1)` and
    /// `percentile` (linear) at (1 ∓ level)/2.
    public func summary(_ values: [Double]) -> Summary {
        let v = values.filter { !$0.isNaN }
        return Summary(
            mean: v.isEmpty ? .nan : Stats.mean(v), sd: v.count > 1 ? Stats.sd(v, ddof: 1) : .nan,
            interval: interval(v))
    }

    /// Interval from replicate values (NaNs dropped).
    func interval(_ values: [Double]) -> Interval {
        let v = values.filter { !$0.isNaN }
        let q = Stats.percentiles(v, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
        return Interval(lower: q[0], upper: q[1], replicates: v.count)
    }

    /// Percentile intervals for every metric of `CalibrationMetrics.report(p, options)`, in the
    /// report's order (names as `CalibrationReport.flattened`).
    public func intervals(_ p: Predictions, options: MetricOptions = MetricOptions()) throws(CalibrationError)
        -> [(String, Interval)]
    {
        try validate()
        var opts = options
        opts.targetRisk = nil
        let names = try CalibrationMetrics.report(p, options: opts).flattened.map(\.0)
        var values = [[Double]](repeating: [], count: names.count)
        var stream = ResampleStream(generator, seed: seed)
        let n = p.count
        for _ in 0..<replicates {
            let idx = stream.indices(n)
            let r = try CalibrationMetrics.report(p.subset(idx), options: opts)
            let flat = Dictionary(uniqueKeysWithValues: r.flattened)
            for (j, name) in names.enumerated() { values[j].append(flat[name] ?? .nan) }
        }
        return names.indices.map { (names[$0], interval(values[$0])) }
    }
}
