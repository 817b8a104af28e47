/// All HRV features of an interval series: time domain (`HRVTime`), frequency domain
/// (`HRVFrequency`, method from the parameters) and nonlinear (`HRVNonlinear`), in that order,
/// with NeuroKit2 names and units.
public enum HRV {
    /// Features of `rr`. Throws `PhysioError.notEnough` for fewer than 4 intervals.
    public static func features(_ rr: RRSeries, parameters: HRVParameters = .init()) throws(PhysioError)
        -> [PhysioFeature]
    {
        guard rr.count >= 4 else { throw .notEnough(what: "intervals for HRV", count: rr.count, needed: 4) }
        return try HRVTime.features(rr, parameters: parameters)
            + HRVFrequency.features(rr, method: parameters.frequencyMethod)
            + HRVNonlinear.features(rr, parameters: parameters)
    }

    /// The names `features` returns (for NaN rows when a window has too few beats).
    public static func featureNames(parameters: HRVParameters = .init()) -> [String] {
        var x: [Double] = []
        var t = 0.0
        for i in 0..<400 {
            let v = 800 + 40 * Double((i * 7919) % 13) / 13
            x.append(v)
            t += v
        }
        guard let rr = try? RRSeries(intervalsMs: x), let f = try? features(rr, parameters: parameters) else {
            return []
        }
        return f.map(\.name)
    }

    /// Features, or every name with NaN and `reason` when the series is too short.
    public static func featuresOrNaN(_ rr: RRSeries?, parameters: HRVParameters = .init()) -> [PhysioFeature] {
        if let rr, rr.count >= 4, let f = try? features(rr, parameters: parameters) { return f }
        let why = "not enough beats (\(rr?.count ?? 0) intervals; at least 4 needed)"
        return featureNames(parameters: parameters).map { PhysioFeature($0, .nan, reason: why) }
    }
}
