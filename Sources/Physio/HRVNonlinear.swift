import Foundation
import SignalCore

/// Nonlinear HRV indices with NeuroKit2 0.2.13 names and definitions (`nk.hrv_nonlinear`), on an
/// interval series x₁…xₙ in ms.
///
/// Poincaré plot (Brennan et al. 2001; Toichi et al. 1997), with aᵢ = xᵢ, bᵢ = xᵢ₊₁:
/// - `HRV_SD1` = sample sd of (a − b)/√2, `HRV_SD2` = sample sd of (a + b)/√2 (ms);
///   `HRV_SD1SD2` = SD1/SD2; `HRV_S` = π·SD1·SD2 (ms²);
/// - `HRV_CSI` = SD2/SD1, `HRV_CVI` = log₁₀(16·SD1·SD2), `HRV_CSI_Modified` = 16·SD2²/(4·SD1) (ms).
///
/// Heart-rate asymmetry (Guzik, Porta, Piskorski; NeuroKit2 formulas): `HRV_GI`, `HRV_SI`, `HRV_AI`,
/// `HRV_PI` (%), `HRV_SD1d/a`, `HRV_SD2d/a`, `HRV_SDNNd/a` (ms), `HRV_C1d/a`, `HRV_C2d/a`, `HRV_Cd/a`.
/// Fragmentation (Costa et al. 2017): `HRV_PIP`, `HRV_IALS`, `HRV_PSS`, `HRV_PAS`.
///
/// Complexity (see `Entropy` and `DFA`): `HRV_ApEn`, `HRV_SampEn` (m = 2, r = 0.2·sample sd,
/// Chebyshev distance ≤ r), `HRV_ShanEn` (Shannon entropy in bits of the distribution of distinct
/// interval values), `HRV_DFA_alpha1` (windows 4…11 beats), `HRV_DFA_alpha2` (12…(n+1)/10 beats).
public enum HRVNonlinear {
    /// Computes the nonlinear indices. Needs at least 4 intervals.
    public static func features(_ rr: RRSeries, parameters: HRVParameters = .init()) throws(PhysioError)
        -> [PhysioFeature]
    {
        try parameters.validate()
        let x = rr.intervalsMs
        let n = x.count
        guard n >= 4 else { throw .notEnough(what: "intervals for nonlinear HRV", count: n, needed: 4) }
        var out = poincare(x)
        out += asymmetry(x)
        out += fragmentation(x)
        guard parameters.nonlinearComplexity else {
            out.append(.init("HRV_ShanEn", Entropy.shannon(x)))
            return out
        }
        let (a1, a2) = DFA.hrvAlphas(x, parameters: parameters)
        out.append(.init("HRV_DFA_alpha1", a1, reason: "needs at least 12 intervals"))
        out.append(
            .init("HRV_DFA_alpha2", a2, reason: "needs at least \(10 * parameters.dfaLongMinimum + 9) intervals"))
        let r = parameters.entropyToleranceSD * Stats.sd(x, ddof: 1)
        let m = parameters.entropyDimension
        out.append(.init("HRV_ApEn", Entropy.approximate(x, dimension: m, tolerance: r), reason: "series too short"))
        out.append(
            .init(
                "HRV_SampEn", Entropy.sample(x, dimension: m, tolerance: r),
                reason: "no template matches at this tolerance (NeuroKit2 returns ±inf)"))
        out.append(.init("HRV_ShanEn", Entropy.shannon(x)))
        return out
    }

    static func poincare(_ x: [Double]) -> [PhysioFeature] {
        let n = x.count
        var x1 = [Double](repeating: 0, count: n - 1)
        var x2 = x1
        let s2 = 2.0.squareRoot()
        for i in 0..<(n - 1) {
            x1[i] = (x[i] - x[i + 1]) / s2
            x2[i] = (x[i] + x[i + 1]) / s2
        }
        let sd1 = Stats.sd(x1, ddof: 1)
        let sd2 = Stats.sd(x2, ddof: 1)
        let t = 4 * sd1
        let l = 4 * sd2
        return [
            .init("HRV_SD1", sd1), .init("HRV_SD2", sd2), .init("HRV_SD1SD2", sd1 / sd2),
            .init("HRV_S", Double.pi * sd1 * sd2), .init("HRV_CSI", l / t), .init("HRV_CVI", log10(l * t)),
            .init("HRV_CSI_Modified", l * l / t),
        ]
    }

    static func asymmetry(_ v: [Double]) -> [PhysioFeature] {
        let n = v.count - 1
        let x = Array(v[0..<n])
        let y = Array(v[1...])
        let cx = Stats.mean(x)
        let cy = Stats.mean(y)
        let s2 = 2.0.squareRoot()
        var numGI = 0.0
        var denGI = 0.0
        var numSI = 0.0
        var denSI = 0.0
        var numAI = 0.0
        var denAI = 0.0
        var below = 0
        var same = 0
        var dec2 = 0.0
        var acc2 = 0.0
        var l2dec = 0.0
        var l2acc = 0.0
        var l2same = 0.0
        for i in 0..<n {
            let diff = y[i] - x[i]
            let dl2 = abs((x[i] - cx) + (y[i] - cy)) / s2
            let dist = abs(y[i] - x[i]) / s2
            let theta = abs(atan(1.0) - atan(y[i] / x[i]))
            let r2 = x[i] * x[i] + y[i] * y[i]
            let area = 0.5 * theta * r2
            denGI += dist
            denSI += theta
            denAI += area
            if diff > 0 {
                numGI += dist
                numSI += theta
                numAI += area
                dec2 += dist * dist
                l2dec += dl2 * dl2
            } else if diff < 0 {
                below += 1
                acc2 += dist * dist
                l2acc += dl2 * dl2
            } else {
                same += 1
                l2same += dl2 * dl2
            }
        }
        let nm1 = Double(n - 1)
        let sd1d = (dec2 / nm1).squareRoot()
        let sd1a = (acc2 / nm1).squareRoot()
        let sd1i = (sd1d * sd1d + sd1a * sd1a).squareRoot()
        let sd2d = (l2dec / nm1 + 0.5 * l2same / nm1).squareRoot()
        let sd2a = (l2acc / nm1 + 0.5 * l2same / nm1).squareRoot()
        let sd2i = (sd2d * sd2d + sd2a * sd2a).squareRoot()
        let sdnnd = (0.5 * (sd1d * sd1d + sd2d * sd2d)).squareRoot()
        let sdnna = (0.5 * (sd1a * sd1a + sd2a * sd2a)).squareRoot()
        let sdnn = (sdnnd * sdnnd + sdnna * sdnna).squareRoot()
        func sq(_ a: Double) -> Double { a * a }
        return [
            .init("HRV_GI", numGI / denGI * 100), .init("HRV_SI", numSI / denSI * 100),
            .init("HRV_AI", numAI / denAI * 100), .init("HRV_PI", Double(below) / Double(n - same) * 100),
            .init("HRV_C1d", sq(sd1d / sd1i)), .init("HRV_C1a", sq(sd1a / sd1i)), .init("HRV_SD1d", sd1d),
            .init("HRV_SD1a", sd1a), .init("HRV_C2d", sq(sd2d / sd2i)), .init("HRV_C2a", sq(sd2a / sd2i)),
            .init("HRV_SD2d", sd2d), .init("HRV_SD2a", sd2a), .init("HRV_Cd", sq(sdnnd / sdnn)),
            .init("HRV_Ca", sq(sdnna / sdnn)), .init("HRV_SDNNd", sdnnd), .init("HRV_SDNNa", sdnna),
        ]
    }

    static func fragmentation(_ x: [Double]) -> [PhysioFeature] {
        let d = (0..<(x.count - 1)).map { x[$0 + 1] - x[$0] }
        func sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }
        var crossings: [Int] = []
        for i in 0..<max(0, d.count - 1) where sign(d[i + 1]) - sign(d[i]) != 0 { crossings.append(i) }
        let nBeats = Double(d.count + 1)
        func runs(_ idx: [Int]) -> [Int] {
            var lengths: [Int] = []
            var current = 0
            for (k, v) in idx.enumerated() {
                if k > 0 && v == idx[k - 1] + 1 {
                    current += 1
                } else {
                    if current > 0 { lengths.append(current) }
                    current = 1
                }
            }
            if current > 0 { lengths.append(current) }
            return lengths
        }
        let acc = d.indices.filter { d[$0] > 0 }
        let dec = d.indices.filter { d[$0] < 0 }
        let lengths = runs(acc) + runs(dec)
        let alternations = runs(crossings)
        let meanLen = lengths.isEmpty ? Double.nan : Double(lengths.reduce(0, +)) / Double(lengths.count)
        return [
            .init("HRV_PIP", Double(crossings.count) / nBeats),
            .init("HRV_IALS", 1 / meanLen, reason: "no accelerations or decelerations"),
            .init(
                "HRV_PSS",
                lengths.isEmpty ? .nan : Double(lengths.filter { $0 < 3 }.count) / Double(lengths.count),
                reason: "no accelerations or decelerations"),
            .init(
                "HRV_PAS",
                alternations.isEmpty
                    ? .nan : Double(alternations.filter { $0 >= 4 }.count) / Double(alternations.count),
                reason: "no inflection points"),
        ]
    }
}
