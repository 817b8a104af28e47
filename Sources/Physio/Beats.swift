import SignalCore

/// Beats of one ECG or PPG recording, computed once and reused for any analysis window.
public struct BeatAnalysis: Sendable, Equatable {
    /// Which signal the beats come from ("ecg" or "ppg").
    public var source: String
    /// Sample rate of the signal in Hz and time of sample 0 in s.
    public var sampleRate: Double
    public var startTime: Double
    /// Number of samples of the analysed signal.
    public var sampleCount: Int
    /// Beat sample indices (increasing).
    public var peaks: [Int]
    /// Per-beat quality (template correlation, see `BeatQuality`).
    public var quality: [Double]
    /// Raw intervals (one per consecutive peak pair; times on the recording's timeline).
    public var rr: RRSeries?
    /// Artefact classification of `rr` and the corrected NN series (nil when < 2 beats).
    public var artefacts: Artefacts.Result?

    /// The series HRV is computed on: corrected NN by default, raw RR when `corrected` is false.
    public func intervals(corrected: Bool = true) -> RRSeries? { corrected ? artefacts?.corrected ?? rr : rr }
}

/// The ECG pipeline: cleaning → R-peaks → per-beat quality → intervals → artefact correction.
/// Recordings longer than 5 min 20 s are processed in 5-min blocks with 10 s of context each side
/// (bounded memory; per-beat quality uses each block's own template).
public struct ECGParameters: Codable, Sendable, Equatable {
    public var cleaning = ECGCleaning()
    public var detector = ECGDetector.standard
    public var artefacts = Artefacts.Parameters()
    public init() {}
}

public enum ECG {
    /// Runs the ECG pipeline. Throws for unusable input (NaN, flat line, shorter than 2 s, fewer than
    /// 2 beats found, a rate that makes the median beat interval implausible, outside 200–3000 ms).
    public static func process(_ signal: Signal, parameters p: ECGParameters = .init()) throws(PhysioError)
        -> BeatAnalysis
    {
        try requireFiniteInput(signal.samples, what: "ECG")
        try requireNotFlat(signal.samples, what: "ECG")
        let fs = signal.sampleRate
        let block = Int(blockSeconds * fs)
        let pad = Int(blockPadSeconds * fs)
        let n = signal.count
        guard n > block + 2 * pad else {
            let cleaned = try p.cleaning.apply(signal)
            let peaks = try p.detector.detect(cleaned)
            return try beats(source: "ecg", signal: cleaned, peaks: peaks, artefacts: p.artefacts)
        }
        // Long recordings: blocks of 5 min with 10 s of context on each side, so memory stays bounded
        // and filters/thresholds adapt locally; each block keeps the beats of its core.
        var peaks: [Int] = []
        var quality: [Double] = []
        var start = 0
        while start < n {
            let a = max(0, start - pad)
            let b = min(n, start + block + pad)
            let part = try signalCore { () throws(SignalError) in
                try Signal(samples: Array(signal.samples[a..<b]), sampleRate: fs)
            }
            let cleaned = try p.cleaning.apply(part)
            let local = (try? p.detector.detect(cleaned)) ?? []
            let q = BeatQuality.templateCorrelation(cleaned.samples, peaks: local)
            for (k, lp) in local.enumerated() {
                let g = a + lp
                guard g >= start && g < start + block else { continue }
                if let last = peaks.last, g - last < Int(0.2 * fs) { continue }
                peaks.append(g)
                quality.append(q[k])
            }
            start += block
        }
        var out = try beats(source: "ecg", signal: signal, peaks: peaks, artefacts: p.artefacts, quality: quality)
        out.sampleCount = n
        return out
    }

    /// Block length (s) above which `process` works block by block, and the context on each side.
    public static let blockSeconds = 300.0
    public static let blockPadSeconds = 10.0

    static func beats(
        source: String, signal: Signal, peaks: [Int], artefacts: Artefacts.Parameters, quality: [Double]? = nil
    ) throws(PhysioError) -> BeatAnalysis {
        guard peaks.count >= 2 else {
            throw .notEnough(what: "\(source.uppercased()) beats detected", count: peaks.count, needed: 2)
        }
        var b = BeatAnalysis(
            source: source, sampleRate: signal.sampleRate, startTime: signal.startTime, sampleCount: signal.count,
            peaks: peaks,
            quality: quality ?? BeatQuality.templateCorrelation(signal.samples, peaks: peaks), rr: nil, artefacts: nil)
        if peaks.count >= 2 {
            let raw = try RRSeries(peaks: peaks, sampleRate: signal.sampleRate)
            let median = Stats.median(raw.intervalsMs)
            guard median >= 200, median <= 3000 else {
                throw .invalidInput(
                    what: source.uppercased(),
                    reason:
                        "median beat interval \(median) ms (\(60000 / median) beats/min) is outside 200–3000 ms; check the sample rate (\(signal.sampleRate) Hz)"
                )
            }
            let shifted = try RRSeries(
                intervalsMs: raw.intervalsMs, beatTimes: raw.beatTimes.map { $0 + signal.startTime })
            b.rr = shifted
            b.artefacts = try Artefacts.correct(shifted, parameters: artefacts)
        }
        return b
    }
}

extension PPG {
    /// Runs the PPG pipeline: cleaning → systolic peaks → quality → intervals → artefact correction.
    public static func process(
        _ signal: Signal, parameters p: Parameters = .init(), artefacts: Artefacts.Parameters = .init()
    ) throws(PhysioError) -> BeatAnalysis {
        try requireNotFlat(signal.samples, what: "PPG")
        let cleaned = try clean(signal, parameters: p)
        return try ECG.beats(
            source: "ppg", signal: cleaned, peaks: try peaks(cleaned, parameters: p), artefacts: artefacts)
    }
}

/// Throws when every sample has the same value (a disconnected sensor).
func requireNotFlat(_ x: [Double], what: String) throws(PhysioError) {
    guard let first = x.first else { throw .notEnough(what: "\(what) samples", count: 0, needed: 1) }
    if x.allSatisfy({ $0 == first }) {
        throw .invalidInput(what: what, reason: "the signal is a flat line (constant \(first)); expected a recording")
    }
}
