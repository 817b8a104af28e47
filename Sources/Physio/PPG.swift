import SignalCore

/// PPG cleaning and systolic-peak detection (Elgendi et al. 2013, "Systolic peak detection in
/// acceleration photoplethysmograms measured from emergency responders in tropical conditions",
/// PLoS ONE 8:e76585), with NeuroKit2 0.2.13's parameters (`ppg_clean` / `ppg_findpeaks`,
/// method "elgendi").
///
/// Cleaning: zero-phase Butterworth band-pass 0.5–8 Hz, order 2 per edge. Detection: y = max(x, 0)²;
/// MA_peak = centred moving average over W1 = 111 ms, MA_beat over W2 = 667 ms; blocks where
/// MA_peak > MA_beat + β·mean(y) (β = 0.02) and at least W1 long; in each block the local maximum
/// of the cleaned PPG with the largest prominence is the systolic peak, kept if more than 300 ms
/// after the previous one. Output: sample indices, increasing.
public enum PPG {
    /// Parameters (Elgendi 2013 / NeuroKit2 defaults).
    public struct Parameters: Codable, Sendable, Equatable {
        public var lowHz: Double = 0.5
        public var highHz: Double = 8
        public var peakWindowSeconds: Double = 0.111
        public var beatWindowSeconds: Double = 0.667
        public var beatOffset: Double = 0.02
        public var minDelaySeconds: Double = 0.3
        public init() {}

        public func validate() throws(PhysioError) {
            for (v, n) in [
                (lowHz, "PPG lowHz"), (highHz, "PPG highHz"), (peakWindowSeconds, "peakWindowSeconds"),
                (beatWindowSeconds, "beatWindowSeconds"), (minDelaySeconds, "minDelaySeconds"),
            ] { try requirePositiveParameter(v, n) }
            guard lowHz < highHz else {
                throw .invalidParameter(name: "PPG band", value: "\(lowHz)–\(highHz) Hz", expected: "lowHz < highHz")
            }
            guard beatOffset.isFinite, beatOffset >= 0 else {
                throw .invalidParameter(name: "beatOffset", value: "\(beatOffset)", expected: "a finite value ≥ 0")
            }
        }
    }

    /// The cleaned PPG (same length and rate).
    public static func clean(_ signal: Signal, parameters p: Parameters = .init()) throws(PhysioError) -> Signal {
        try p.validate()
        try requireFiniteInput(signal.samples, what: "PPG")
        let fs = signal.sampleRate
        guard fs > 2 * p.lowHz / 0.45 else {
            throw .invalidParameter(
                name: "sample rate", value: "\(fs) Hz", expected: "above \(2 * p.lowHz / 0.45) Hz for PPG")
        }
        let sos = try signalCore { () throws(SignalError) in
            try Butterworth.design(
                order: 2, band: .bandpass(lowHz: p.lowHz, highHz: min(p.highHz, 0.45 * fs)), sampleRate: fs)
        }
        var out = signal
        out.samples = try signalCore { () throws(SignalError) in try SOSFilter.filtfilt(sos, signal.samples) }
        return out
    }

    /// Systolic peaks of a cleaned PPG.
    public static func peaks(_ cleaned: Signal, parameters p: Parameters = .init()) throws(PhysioError) -> [Int] {
        try p.validate()
        let x = cleaned.samples
        let fs = cleaned.sampleRate
        try requireFiniteInput(x, what: "PPG")
        guard Double(x.count) >= 2 * fs else {
            throw .notEnough(what: "PPG samples (2 s)", count: x.count, needed: Int((2 * fs).rounded(.up)))
        }
        let y = x.map { $0 > 0 ? $0 * $0 : 0 }
        let w1 = max(1, Int((p.peakWindowSeconds * fs).rounded()))
        let w2 = max(1, Int((p.beatWindowSeconds * fs).rounded()))
        let maPeak = centredMovingAverage(y, w1)
        let maBeat = centredMovingAverage(y, w2)
        let offset = p.beatOffset * Stats.mean(y)
        let minDelay = Int((p.minDelaySeconds * fs).rounded())
        var out: [Int] = []
        var start = -1
        for i in 0...x.count {
            let inside = i < x.count && maPeak[i] > maBeat[i] + offset
            if inside && start < 0 { start = i }
            guard !inside && start >= 0 else { continue }
            defer { start = -1 }
            guard i - 1 - start >= w1 else { continue }
            let seg = Array(x[start..<(i - 1)])
            let local = Peaks.localMaxima(seg)
            guard !local.isEmpty else { continue }
            let prom = Peaks.prominences(seg, peaks: local).value
            var best = 0
            for k in prom.indices where prom[k] > prom[best] { best = k }
            let peak = start + local[best]
            if peak - (out.last ?? -minDelay - 1) > minDelay { out.append(peak) }
        }
        return out
    }
}
