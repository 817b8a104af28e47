import SignalCore

/// Beats of one ECG or PPG recording, computed once and reused for any analysis window.
public struct BeatAnalysis: Sendable, Equatable {
    /// Which signal the beats come from ("ecg" or "ppg").
    public var source: String
    /// Sample rate of the signal in Hz and time of sample 0 in s.
    public var sampleRate: Double
    public var startTime: Double
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
public struct ECGParameters: Codable, Sendable, Equatable {
    public var cleaning = ECGCleaning()
    public var detector = ECGDetector.standard
    public var artefacts = Artefacts.Parameters()
    public init() {}
}

public enum ECG {
    /// Runs the ECG pipeline. Throws for unusable input (NaN, too short, bad rate); a recording with
    /// fewer than 2 beats gives empty intervals (callers report "not enough beats").
    public static func process(_ signal: Signal, parameters p: ECGParameters = .init()) throws(PhysioError)
        -> BeatAnalysis
    {
        try requireFiniteInput(signal.samples, what: "ECG")
        try requireNotFlat(signal.samples, what: "ECG")
        let cleaned = try p.cleaning.apply(signal)
        let peaks = try p.detector.detect(cleaned)
        return try beats(source: "ecg", signal: cleaned, peaks: peaks, artefacts: p.artefacts)
    }

    static func beats(source: String, signal: Signal, peaks: [Int], artefacts: Artefacts.Parameters)
        throws(PhysioError) -> BeatAnalysis
    {
        var b = BeatAnalysis(
            source: source, sampleRate: signal.sampleRate, startTime: signal.startTime, peaks: peaks,
            quality: BeatQuality.templateCorrelation(signal.samples, peaks: peaks), rr: nil, artefacts: nil)
        if peaks.count >= 2 {
            let raw = try RRSeries(peaks: peaks, sampleRate: signal.sampleRate)
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
