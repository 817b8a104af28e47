import SignalCore

/// Electrodermal activity: cleaning, tonic/phasic decomposition and skin-conductance responses
/// (SCRs), with NeuroKit2 0.2.13's default method (`eda_process`: `eda_clean` "neurokit",
/// `eda_phasic` "highpass", `eda_peaks` "neurokit").
///
/// - Cleaning: zero-phase Butterworth low-pass at 3 Hz, order 4.
/// - Decomposition (high-pass method; Biopac AcqKnowledge, as cited by NeuroKit2): phasic =
///   zero-phase Butterworth high-pass at 0.05 Hz, order 2, of the cleaned signal; tonic = the matching
///   low-pass. (Convex optimisation, cvxEDA, Greco et al. 2016, is not implemented.)
/// - SCR peaks: local maxima of the phasic signal whose prominence (scipy definition) is at least
///   `amplitudeMin` (0.1) × the largest prominence. Onset: the nearest local minimum strictly before
///   the peak (none → the SCR has NaN amplitude). Amplitude = phasic(peak) − phasic(onset) (input
///   units, e.g. µS). Rise time = (peak − onset)/fs (s). Recovery time = time from the peak to the
///   first sample (before the next peak and before the segment minimum) at or below
///   phasic(onset) + 0.5·amplitude (NaN when not reached).
public enum EDA {
    public struct Parameters: Codable, Sendable, Equatable {
        public var lowpassHz: Double = 3
        public var phasicCutoffHz: Double = 0.05
        /// Minimum SCR prominence relative to the largest (default 0.1).
        public var amplitudeMin: Double = 0.1
        /// Recovery level as a fraction of the amplitude (default 0.5, half recovery).
        public var recoveryFraction: Double = 0.5
        public init() {}

        public func validate() throws(PhysioError) {
            try requirePositiveParameter(lowpassHz, "EDA lowpassHz")
            try requirePositiveParameter(phasicCutoffHz, "EDA phasicCutoffHz")
            guard amplitudeMin.isFinite, amplitudeMin >= 0, amplitudeMin <= 1 else {
                throw .invalidParameter(
                    name: "amplitudeMin", value: "\(amplitudeMin)", expected: "a fraction in [0, 1]")
            }
            guard recoveryFraction > 0, recoveryFraction < 1 else {
                throw .invalidParameter(
                    name: "recoveryFraction", value: "\(recoveryFraction)", expected: "a fraction in (0, 1)")
            }
        }
    }

    /// One skin-conductance response (sample indices into the recording).
    public struct SCR: Sendable, Equatable, Codable {
        public var onset: Int?
        public var peak: Int
        public var amplitude: Double
        public var riseTimeSeconds: Double
        public var recoveryTimeSeconds: Double
    }

    /// Result of `process`.
    public struct Analysis: Sendable, Equatable {
        public var sampleRate: Double
        public var startTime: Double
        public var tonic: [Double]
        public var phasic: [Double]
        public var scrs: [SCR]
    }

    /// Runs cleaning, decomposition and SCR detection.
    public static func process(_ signal: Signal, parameters p: Parameters = .init()) throws(PhysioError) -> Analysis {
        try p.validate()
        try requireFiniteInput(signal.samples, what: "EDA")
        try requireNotFlat(signal.samples, what: "EDA")
        let fs = signal.sampleRate
        guard fs > 2 * p.lowpassHz / 0.9 else {
            throw .invalidParameter(
                name: "sample rate", value: "\(fs) Hz", expected: "above \(2 * p.lowpassHz / 0.9) Hz for EDA")
        }
        guard Double(signal.count) >= 10 * fs else {
            throw .notEnough(what: "EDA samples (10 s)", count: signal.count, needed: Int((10 * fs).rounded(.up)))
        }
        func filt(_ band: FilterBand, _ order: Int, _ x: [Double]) throws(PhysioError) -> [Double] {
            let sos = try signalCore { () throws(SignalError) in
                try Butterworth.design(order: order, band: band, sampleRate: fs)
            }
            return try signalCore { () throws(SignalError) in try SOSFilter.filtfilt(sos, x) }
        }
        let cleaned = try filt(.lowpass(cutoffHz: p.lowpassHz), 4, signal.samples)
        let phasic = try filt(.highpass(cutoffHz: p.phasicCutoffHz), 2, cleaned)
        let tonic = try filt(.lowpass(cutoffHz: p.phasicCutoffHz), 2, cleaned)
        return Analysis(
            sampleRate: fs, startTime: signal.startTime, tonic: tonic, phasic: phasic,
            scrs: scrs(phasic, fs: fs, parameters: p))
    }

    static func scrs(_ x: [Double], fs: Double, parameters p: Parameters) -> [SCR] {
        let peaks = Peaks.localMaxima(x)
        guard !peaks.isEmpty else { return [] }
        let prom = Peaks.prominences(x, peaks: peaks).value
        let top = prom.max() ?? 0
        let kept = peaks.indices.filter { top > 0 && prom[$0] / top >= p.amplitudeMin }.map { peaks[$0] }
        let troughs = Peaks.localMaxima(x.map { -$0 })
        var out: [SCR] = []
        for (k, pk) in kept.enumerated() {
            let before = lowerBoundInt(troughs, pk) - 1
            guard before >= 0 else {
                out.append(SCR(onset: nil, peak: pk, amplitude: .nan, riseTimeSeconds: .nan, recoveryTimeSeconds: .nan))
                continue
            }
            let on = troughs[before]
            let amp = x[pk] - x[on]
            let end = k + 1 < kept.count ? kept[k + 1] : x.count
            var minIdx = pk
            for i in pk..<end where x[i] < x[minIdx] { minIdx = i }
            let level = x[on] + p.recoveryFraction * amp
            var rec = Double.nan
            for i in pk..<minIdx where x[i] <= level {
                rec = Double(i - pk) / fs
                break
            }
            out.append(
                SCR(
                    onset: on, peak: pk, amplitude: amp, riseTimeSeconds: Double(pk - on) / fs, recoveryTimeSeconds: rec
                ))
        }
        return out
    }

    /// Features over `[from, to)` s of the recording's timeline (all of it by default): `SCR_Peaks_N`
    /// (count), `SCR_Peaks_Amplitude_Mean`, `SCR_RiseTime_Mean`, `SCR_RecoveryTime_Mean` (means over
    /// SCRs with defined values), `EDA_Tonic_Mean`, `EDA_Tonic_SD` (population sd, NeuroKit2's
    /// `np.nanstd`), `EDA_Phasic_SD` (population sd).
    public static func features(_ a: Analysis, from: Double = -.infinity, to: Double = .infinity) -> [PhysioFeature] {
        let (lo, hi) = sampleRange(
            from: from, to: to, startTime: a.startTime, sampleRate: a.sampleRate, count: a.tonic.count)
        guard lo < hi else {
            return [
                "SCR_Peaks_N", "SCR_Peaks_Amplitude_Mean", "SCR_RiseTime_Mean", "SCR_RecoveryTime_Mean",
                "EDA_Tonic_Mean", "EDA_Tonic_SD", "EDA_Phasic_SD",
            ].map { PhysioFeature($0, .nan, reason: "empty window") }
        }
        let inside = a.scrs.filter { $0.peak >= lo && $0.peak < hi }
        func meanDefined(_ v: [Double]) -> Double { Stats.mean(v.filter { !$0.isNaN }) }
        let tonic = Array(a.tonic[lo..<hi])
        return [
            .init("SCR_Peaks_N", Double(inside.count)),
            .init("SCR_Peaks_Amplitude_Mean", meanDefined(inside.map(\.amplitude)), reason: "no SCR in the window"),
            .init("SCR_RiseTime_Mean", meanDefined(inside.map(\.riseTimeSeconds)), reason: "no SCR in the window"),
            .init(
                "SCR_RecoveryTime_Mean", meanDefined(inside.map(\.recoveryTimeSeconds)),
                reason: "no SCR recovered to half amplitude in the window"),
            .init("EDA_Tonic_Mean", Stats.mean(tonic)),
            .init("EDA_Tonic_SD", Stats.sd(tonic, ddof: 0)),
            .init("EDA_Phasic_SD", Stats.sd(Array(a.phasic[lo..<hi]), ddof: 0)),
        ]
    }
}

/// First index i with `sorted[i] >= value`.
func lowerBoundInt(_ sorted: [Int], _ value: Int) -> Int {
    var lo = 0
    var hi = sorted.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
}

/// Sample indices [lo, hi) covering the times [from, to) s (infinite bounds = the whole signal; a NaN
/// bound gives an empty range).
func sampleRange(from: Double, to: Double, startTime: Double, sampleRate: Double, count: Int) -> (Int, Int) {
    guard !from.isNaN, !to.isNaN else { return (0, 0) }
    func index(_ t: Double) -> Int {
        let v = ((t - startTime) * sampleRate).rounded(.up)
        if v <= 0 { return 0 }
        if v >= Double(count) { return count }
        return Int(v)
    }
    return (index(from), index(to))
}
