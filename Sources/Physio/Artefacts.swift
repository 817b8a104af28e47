import SignalCore

/// Artefact and ectopic-beat detection and correction on an interval series (Lipponen &
/// Tarvainen 2019, "A robust algorithm for heart rate variability time series artefact correction
/// using novel beat classification", J Med Eng Technol 43:173–181; the Kubios method).
///
/// With RR in ms, dRRᵢ = RRᵢ − RRᵢ₋₁ and mRRᵢ = RRᵢ − median₁₁(RR)ᵢ (negative values doubled):
/// Th = α · QD over a centred 91-beat window of abs(dRR) or abs(mRR), QD = (Q3 − Q1)/2, α = 5.2;
/// both series are divided by their threshold. Subspaces: S12ᵢ = max(dRRᵢ₋₁, dRRᵢ₊₁) if dRRᵢ > 0
/// else min(…); S22ᵢ = min(dRRᵢ₊₁, dRRᵢ₊₂) if dRRᵢ ≥ 0 else max(…) (series reflected at the ends).
/// A beat with abs(dRR) > 1 is **ectopic** when (dRR > 1 ∧ S12 < −c1·dRR − c2) ∨ (dRR < −1 ∧
/// S12 > −c1·dRR + c2) (c1 = 0.13, c2 = 0.17); otherwise, if (dRR > 1 ∧ S22 < −1) ∨ abs(mRR) > 3 ∨
/// (dRR < −1 ∧ S22 > 1), it is **extra** when also short and abs(RRᵢ + RRᵢ₊₁ − med) < Th2,
/// **missed** when long and abs(RRᵢ/2 − med) < Th2, else **long/short** (flow of the paper's Fig. 1,
/// as NeuroKit2 `signal_fixpeaks(method="kubios")`).
///
/// Correction: missed → the interval is split in two equal halves (a beat inserted); extra → the
/// interval is merged with the next (the beat removed); ectopic and long/short → the beat closing
/// the interval moves to the midpoint of its neighbours (both intervals become their mean; the
/// total duration is kept). Quantiles are numpy-linear; medians over the available samples at the
/// ends (pandas `rolling(center=True, min_periods=1)`).
public enum Artefacts {
    /// Per-interval label.
    public enum Label: String, Codable, Sendable, CaseIterable {
        case normal, ectopic, missed, extra, longShort = "longshort"
    }

    /// Parameters (paper defaults).
    public struct Parameters: Codable, Sendable, Equatable {
        /// Threshold multiplier α (default 5.2).
        public var alpha: Double = 5.2
        /// Ectopic decision line slope c1 (default 0.13) and offset c2 (default 0.17).
        public var c1: Double = 0.13
        public var c2: Double = 0.17
        /// Window of the quartile deviation, beats (default 91).
        public var windowWidth: Int = 91
        /// Median filter order for mRR, beats (default 11).
        public var medianOrder: Int = 11
        public init() {}

        public func validate() throws(PhysioError) {
            try requirePositiveParameter(alpha, "artefact alpha")
            guard windowWidth >= 3, medianOrder >= 3 else {
                throw .invalidParameter(
                    name: "artefact windows", value: "\(windowWidth), \(medianOrder)", expected: "≥ 3 beats each")
            }
        }
    }

    /// Detection result: one label per input interval, and the corrected series.
    public struct Result: Sendable, Equatable {
        public var labels: [Label]
        public var corrected: RRSeries
        /// Indices (into the input) of intervals not labelled `.normal`.
        public var flagged: [Int] { labels.indices.filter { labels[$0] != .normal } }
        /// Counts per label, in `Label.allCases` order.
        public var counts: [(Label, Int)] { Label.allCases.map { l in (l, labels.filter { $0 == l }.count) } }
        public static func == (a: Result, b: Result) -> Bool { a.labels == b.labels && a.corrected == b.corrected }
    }

    /// Classifies every interval of `rr` and returns the corrected series. Series shorter than 4
    /// intervals are returned unchanged with all labels `.normal`.
    public static func correct(_ rr: RRSeries, parameters p: Parameters = .init()) throws(PhysioError) -> Result {
        try p.validate()
        let x = rr.intervalsMs
        let n = x.count
        guard n >= 4 else { return Result(labels: [Label](repeating: .normal, count: n), corrected: rr) }
        var d = [Double](repeating: 0, count: n)
        for i in 1..<n { d[i] = x[i] - x[i - 1] }
        d[0] = Stats.mean(Array(d[1...]))
        let th1 = rollingQD(d.map { abs($0) }, p.windowWidth).map { p.alpha * $0 }
        let dn = (0..<n).map { th1[$0] != 0 ? d[$0] / th1[$0] : .nan }
        func pad(_ k: Int) -> Double {  // numpy "reflect" padding by 2
            if k < 0 { return dn[-k] }
            if k >= n { return dn[2 * (n - 1) - k] }
            return dn[k]
        }
        var s12 = [Double](repeating: 0, count: n)
        var s22 = [Double](repeating: 0, count: n)
        for i in 0..<n {
            if dn[i] > 0 {
                s12[i] = max(pad(i - 1), pad(i + 1))
            } else if dn[i] < 0 {
                s12[i] = min(pad(i - 1), pad(i + 1))
            }
            if dn[i] >= 0 {
                s22[i] = min(pad(i + 1), pad(i + 2))
            } else if dn[i] < 0 {
                s22[i] = max(pad(i + 1), pad(i + 2))
            }
        }
        let med = rollingMedian(x, p.medianOrder)
        var m = (0..<n).map { x[$0] - med[$0] }
        for i in 0..<n where m[i] < 0 { m[i] *= 2 }
        let th2 = rollingQD(m.map { abs($0) }, p.windowWidth).map { p.alpha * $0 }
        let mn = (0..<n).map { th2[$0] != 0 ? m[$0] / th2[$0] : .nan }

        var labels = [Label](repeating: .normal, count: n)
        var i = 0
        while i < n - 2 {
            defer { i += 1 }
            guard abs(dn[i]) > 1 else { continue }
            let eq1 = dn[i] > 1 && s12[i] < -p.c1 * dn[i] - p.c2
            let eq2 = dn[i] < -1 && s12[i] > -p.c1 * dn[i] + p.c2
            if eq1 || eq2 {
                labels[i] = .ectopic
                continue
            }
            var candidates = [i]
            if abs(dn[i + 1]) < abs(dn[i + 2]) { candidates.append(i + 1) }
            for j in candidates {
                let eq3 = dn[j] > 1 && s22[j] < -1
                let eq4 = abs(mn[j]) > 3
                let eq5 = dn[j] < -1 && s22[j] > 1
                guard eq3 || eq4 || eq5 else { continue }
                let eq6 = abs(x[j] / 2 - med[j]) < th2[j]
                let eq7 = j + 1 < n && abs(x[j] + x[j + 1] - med[j]) < th2[j]
                if eq5 && eq7 {
                    labels[j] = .extra
                } else if eq3 && eq6 {
                    labels[j] = .missed
                } else {
                    labels[j] = .longShort
                }
            }
        }
        return Result(labels: labels, corrected: try apply(labels, to: rr))
    }

    /// Applies the corrections described above.
    static func apply(_ labels: [Label], to rr: RRSeries) throws(PhysioError) -> RRSeries {
        var x = rr.intervalsMs
        let n = x.count
        // Beat moves first (they keep the interval count), then merges and splits.
        var k = 0
        while k < n {
            if labels[k] == .ectopic || labels[k] == .longShort, k + 1 < n, labels[k + 1] != .extra,
                labels[k + 1] != .missed
            {
                let mean = (x[k] + x[k + 1]) / 2
                x[k] = mean
                x[k + 1] = mean
                k += 2  // the pair is now consistent; its second member needs no second move
            } else {
                k += 1
            }
        }
        var out: [Double] = []
        out.reserveCapacity(n + 8)
        var j = 0
        while j < n {
            switch labels[j] {
            case .extra where j + 1 < n:
                out.append(x[j] + x[j + 1])
                j += 2
            case .missed:
                out.append(x[j] / 2)
                out.append(x[j] / 2)
                j += 1
            default:
                out.append(x[j])
                j += 1
            }
        }
        let t0 = rr.beatTimes.first.map { $0 - rr.intervalsMs[0] / 1000 } ?? 0
        var t = t0
        let times = out.map {
            t += $0 / 1000
            return t
        }
        return try RRSeries(intervalsMs: out, beatTimes: times, what: "corrected intervals")
    }

    /// Centred rolling quartile deviation (Q3 − Q1)/2 over `w` samples (truncated at the ends).
    static func rollingQD(_ x: [Double], _ w: Int) -> [Double] {
        let half = w / 2
        var out = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            let a = max(0, i - half)
            let b = min(x.count, i + (w - half))
            let q = Stats.percentiles(Array(x[a..<b]), [25, 75])
            out[i] = (q[1] - q[0]) / 2
        }
        return out
    }

    /// Centred rolling median over `w` samples (truncated at the ends).
    static func rollingMedian(_ x: [Double], _ w: Int) -> [Double] {
        let half = w / 2
        return x.indices.map { i in
            Stats.median(Array(x[max(0, i - half)..<min(x.count, i + (w - half))]))
        }
    }
}
