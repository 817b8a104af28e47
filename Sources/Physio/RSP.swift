import SignalCore

/// Respiration: cleaning, breath detection, rate, amplitude and breath-to-breath variability, with
/// NeuroKit2 0.2.13's `rsp_process(method="khodadad2018")` definitions (Khodadad et al. 2018,
/// "Optimized breath detection algorithm in electrical impedance tomography", Physiol Meas 39:094001).
///
/// - Cleaning: zero-phase Butterworth band-pass 0.05–3 Hz, order 2 per edge.
/// - Breaths: the cleaned signal's zero crossings split it into half-cycles; the extremum of each
///   (maximum after a rising crossing, minimum after a falling one) is a candidate. Candidates whose
///   vertical distance to the next is ≤ 0.3 × the median distance are dropped, then any candidate
///   that breaks the alternation of rises and falls; the sequence is trimmed to start with a trough
///   and end with a peak. Peaks = end of inspiration, troughs = end of expiration.
/// - Rate: breath periods between successive troughs (the first set to the mean of the others),
///   placed at the troughs and interpolated to every sample by PCHIP (held constant outside the first
///   and last trough); rate = 60/period (breaths/min). `RSP_Rate_Mean` averages it over the window.
/// - Amplitude: peak value minus the preceding trough value (input units).
/// - RRV: breath-to-breath intervals between successive troughs in ms: `RRV_MeanBB`, `RRV_SDBB`
///   (sample sd), `RRV_RMSSD`.
public enum RSP {
    public struct Parameters: Codable, Sendable, Equatable {
        public var lowHz: Double = 0.05
        public var highHz: Double = 3
        /// Minimum breath amplitude relative to the median (default 0.3).
        public var amplitudeMin: Double = 0.3
        public init() {}

        public func validate() throws(PhysioError) {
            try requirePositiveParameter(lowHz, "RSP lowHz")
            try requirePositiveParameter(highHz, "RSP highHz")
            guard lowHz < highHz else {
                throw .invalidParameter(name: "RSP band", value: "\(lowHz)–\(highHz) Hz", expected: "lowHz < highHz")
            }
            guard amplitudeMin.isFinite, amplitudeMin >= 0 else {
                throw .invalidParameter(name: "amplitudeMin", value: "\(amplitudeMin)", expected: "a finite value ≥ 0")
            }
        }
    }

    public struct Analysis: Sendable, Equatable {
        public var sampleRate: Double
        public var startTime: Double
        public var cleaned: [Double]
        /// End-of-inspiration sample indices.
        public var peaks: [Int]
        /// End-of-expiration sample indices.
        public var troughs: [Int]
        /// Instantaneous rate per sample (breaths/min); empty when fewer than 3 troughs.
        public var rate: [Double]
    }

    public static func process(_ signal: Signal, parameters p: Parameters = .init()) throws(PhysioError) -> Analysis {
        try p.validate()
        try requireFiniteInput(signal.samples, what: "RSP")
        try requireNotFlat(signal.samples, what: "RSP")
        let fs = signal.sampleRate
        guard Double(signal.count) >= 10 * fs else {
            throw .notEnough(what: "RSP samples (10 s)", count: signal.count, needed: Int((10 * fs).rounded(.up)))
        }
        let sos = try signalCore { () throws(SignalError) in
            try Butterworth.design(
                order: 2, band: .bandpass(lowHz: p.lowHz, highHz: min(p.highHz, 0.45 * fs)), sampleRate: fs)
        }
        let x = try signalCore { () throws(SignalError) in try SOSFilter.filtfilt(sos, signal.samples) }
        let (peaks, troughs) = breaths(x, amplitudeMin: p.amplitudeMin)
        var rate: [Double] = []
        if troughs.count >= 3 {
            var period = [0.0]
            for i in 1..<troughs.count { period.append(Double(troughs[i] - troughs[i - 1]) / fs) }
            period[0] = Stats.mean(Array(period[1...]))
            let lo = troughs[0]
            let hi = troughs[troughs.count - 1]
            let query = (lo...hi).map(Double.init)
            let inner = try signalCore { () throws(SignalError) in
                try Interpolation.pchip.evaluate(t: troughs.map(Double.init), y: period, at: query)
            }
            rate = [Double](repeating: 60 / inner[0], count: x.count)
            for (k, v) in inner.enumerated() { rate[lo + k] = 60 / v }
            for i in (hi + 1)..<max(hi + 1, x.count) { rate[i] = 60 / inner[inner.count - 1] }
        }
        return Analysis(
            sampleRate: fs, startTime: signal.startTime, cleaned: x, peaks: peaks, troughs: troughs, rate: rate)
    }

    static func breaths(_ x: [Double], amplitudeMin: Double) -> ([Int], [Int]) {
        var crossings: [(Int, Bool)] = []  // (index, rising)
        for i in 0..<(x.count - 1) {
            if x[i] < 0 && x[i + 1] > 0 { crossings.append((i, true)) }
            if x[i] > 0 && x[i + 1] < 0 { crossings.append((i, false)) }
        }
        guard crossings.count >= 3 else { return ([], []) }
        var extrema: [Int] = []
        for k in 0..<(crossings.count - 1) {
            let (a, rising) = crossings[k]
            let b = crossings[k + 1].0
            var best = a
            for i in a..<b where rising ? x[i] > x[best] : x[i] < x[best] { best = i }
            extrema.append(best)
        }
        guard extrema.count >= 3 else { return ([], []) }
        let diffs = (1..<extrema.count).map { abs(x[extrema[$0]] - x[extrema[$0 - 1]]) }
        let med = Stats.median(diffs)
        extrema = diffs.indices.filter { diffs[$0] > med * amplitudeMin }.map { extrema[$0] }
        guard extrema.count >= 3 else { return ([], []) }
        var amps = extrema.map { x[$0] }
        let signs = (1..<amps.count).map { amps[$0] > amps[$0 - 1] ? 1 : (amps[$0] < amps[$0 - 1] ? -1 : 0) }
        let remove = Set((0..<(signs.count - 1)).filter { signs[$0] + signs[$0 + 1] != 0 }.map { $0 + 1 })
        extrema = extrema.indices.filter { !remove.contains($0) }.map { extrema[$0] }
        amps = extrema.map { x[$0] }
        guard extrema.count >= 2 else { return ([], []) }
        if amps[0] > amps[1] { extrema.removeFirst() }
        if amps[amps.count - 1] < amps[amps.count - 2] { extrema.removeLast() }
        let peaks = stride(from: 1, to: extrema.count, by: 2).map { extrema[$0] }
        let troughs = stride(from: 0, to: extrema.count - 1, by: 2).map { extrema[$0] }
        return (peaks, troughs)
    }

    /// Features over `[from, to)` s: `RSP_Rate_Mean` (breaths/min), `RSP_Amplitude_Mean`,
    /// `RSP_Breaths_N` (peaks in the window), `RRV_MeanBB`, `RRV_SDBB`, `RRV_RMSSD` (ms, intervals
    /// between troughs inside the window).
    public static func features(_ a: Analysis, from: Double = -.infinity, to: Double = .infinity) -> [PhysioFeature] {
        let (lo, hi) = sampleRange(
            from: from, to: to, startTime: a.startTime, sampleRate: a.sampleRate, count: a.cleaned.count)
        let rate = lo < hi && !a.rate.isEmpty ? Stats.mean(Array(a.rate[lo..<hi])) : .nan
        var amps: [Double] = []
        for pk in a.peaks where pk >= lo && pk < hi {
            let k = lowerBoundInt(a.troughs, pk) - 1
            if k >= 0 { amps.append(a.cleaned[pk] - a.cleaned[a.troughs[k]]) }
        }
        let tr = a.troughs.filter { $0 >= lo && $0 < hi }
        let bb = (1..<max(1, tr.count)).map { Double(tr[$0] - tr[$0 - 1]) / a.sampleRate * 1000 }
        var ss = 0.0
        for k in 1..<max(1, bb.count) { ss += (bb[k] - bb[k - 1]) * (bb[k] - bb[k - 1]) }
        let rmssd = bb.count >= 2 ? (ss / Double(bb.count - 1)).squareRoot() : .nan
        let why = "fewer than 3 breaths in the window"
        return [
            .init("RSP_Rate_Mean", rate, reason: why),
            .init("RSP_Amplitude_Mean", Stats.mean(amps), reason: why),
            .init("RSP_Breaths_N", Double(a.peaks.filter { $0 >= lo && $0 < hi }.count)),
            .init("RRV_MeanBB", Stats.mean(bb), reason: why),
            .init("RRV_SDBB", Stats.sd(bb, ddof: 1), reason: why),
            .init("RRV_RMSSD", rmssd, reason: why),
        ]
    }
}
