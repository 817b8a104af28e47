import SignalCore

/// Parameters of the whole physiology stage.
public struct PhysioParameters: Codable, Sendable, Equatable {
    public var ecg = ECGParameters()
    public var ppg = PPG.Parameters()
    public var eda = EDA.Parameters()
    public var rsp = RSP.Parameters()
    public var hrv = HRVParameters()
    /// HRV on artefact-corrected NN intervals (default) or on the raw intervals.
    public var correctArtefacts = true
    public init() {}
}

/// The analysed signals of one recording: beats, EDA decomposition and breaths are computed once
/// (`analyse`), then features are read per analysis window (`features(window:)`).
public struct PhysioRecording: Sendable, Equatable {
    public var ecg: BeatAnalysis?
    public var ppg: BeatAnalysis?
    public var eda: EDA.Analysis?
    public var rsp: RSP.Analysis?

    /// Runs each present signal's pipeline. Signals are on one timeline (`Signal.startTime`).
    public static func analyse(
        ecg: Signal? = nil, ppg: Signal? = nil, eda: Signal? = nil, rsp: Signal? = nil,
        parameters p: PhysioParameters = .init()
    ) throws(PhysioError) -> PhysioRecording {
        var r = PhysioRecording()
        if let ecg { r.ecg = try ECG.process(ecg, parameters: p.ecg) }
        if let ppg { r.ppg = try PPG.process(ppg, parameters: p.ppg, artefacts: p.ecg.artefacts) }
        if let eda { r.eda = try EDA.process(eda, parameters: p.eda) }
        if let rsp { r.rsp = try RSP.process(rsp, parameters: p.rsp) }
        return r
    }

    /// Features of the window [lower, upper) seconds, for the modalities present, in the order ECG,
    /// PPG, EDA, RSP. Names:
    /// - ECG: `ECG_Rate_Mean` (beats/min, 60000/mean NN), `ECG_Quality_Mean` (mean per-beat template
    ///   correlation), `ECG_Artefacts_N` (intervals flagged by Lipponen–Tarvainen), then every `HRV_*`
    ///   feature of `HRV.features` on the intervals whose closing beat lies in the window.
    /// - PPG: the same with prefixes `PPG_` and `PRV_` (pulse-rate variability) instead of `ECG_`
    ///   and `HRV_` (e.g. `PRV_RMSSD`).
    /// - EDA: `EDA.features`; RSP: `RSP.features`.
    /// Undefined values (too few beats, empty window) are NaN with a reason; a modality that was not
    /// analysed contributes no columns.
    public func features(window: ClosedRange<Double>, parameters p: PhysioParameters = .init()) -> [PhysioFeature] {
        var out: [PhysioFeature] = []
        for (beats, prefix, hrvPrefix) in [(ecg, "ECG_", "HRV_"), (ppg, "PPG_", "PRV_")] {
            guard let beats else { continue }
            out += Self.beatFeatures(beats, window: window, prefix: prefix, hrvPrefix: hrvPrefix, parameters: p)
        }
        if let eda { out += EDA.features(eda, from: window.lowerBound, to: window.upperBound) }
        if let rsp { out += RSP.features(rsp, from: window.lowerBound, to: window.upperBound) }
        return out
    }

    /// Windows of `length` s every `hop` s from the start of the earliest signal to the end of the
    /// latest (the last window ends at or before the end), with their features.
    public func windowed(length: Double = 60, hop: Double = 30, parameters p: PhysioParameters = .init())
        throws(PhysioError) -> [(window: ClosedRange<Double>, features: [PhysioFeature])]
    {
        try requirePositiveParameter(length, "window length")
        try requirePositiveParameter(hop, "window hop")
        var spans: [(Double, Double)] = []
        for b in [ecg, ppg].compactMap({ $0 }) {
            spans.append((b.startTime, b.startTime + Double(b.sampleCount) / b.sampleRate))
        }
        if let eda { spans.append((eda.startTime, eda.startTime + Double(eda.tonic.count) / eda.sampleRate)) }
        if let rsp { spans.append((rsp.startTime, rsp.startTime + Double(rsp.cleaned.count) / rsp.sampleRate)) }
        guard let start = spans.map(\.0).min(), let end = spans.map(\.1).max() else { return [] }
        var out: [(window: ClosedRange<Double>, features: [PhysioFeature])] = []
        var t = start
        while t + length <= end + 1e-9 {
            out.append((t...(t + length), features(window: t...(t + length), parameters: p)))
            t += hop
        }
        return out
    }

    static func beatFeatures(
        _ b: BeatAnalysis, window: ClosedRange<Double>, prefix: String, hrvPrefix: String,
        parameters p: PhysioParameters
    ) -> [PhysioFeature] {
        let lo = window.lowerBound
        let hi = window.upperBound
        let nn = b.intervals(corrected: p.correctArtefacts)?.slice(from: lo, to: hi)
        let raw = b.rr?.slice(from: lo, to: hi)
        var quality: [Double] = []
        for (k, peak) in b.peaks.enumerated() {
            let t = b.startTime + Double(peak) / b.sampleRate
            if t >= lo && t < hi && !b.quality[k].isNaN { quality.append(b.quality[k]) }
        }
        var flagged = 0
        if let rr = b.rr, let a = b.artefacts {
            for i in rr.beatTimes.indices where rr.beatTimes[i] >= lo && rr.beatTimes[i] < hi && a.labels[i] != .normal
            {
                flagged += 1
            }
        }
        let meanNN = nn.map { Stats.mean($0.intervalsMs) } ?? .nan
        var out: [PhysioFeature] = [
            .init(prefix + "Rate_Mean", 60000 / meanNN, reason: "no beats in the window"),
            .init(prefix + "Quality_Mean", Stats.mean(quality), reason: "no beats in the window"),
            .init(prefix + "Artefacts_N", raw == nil ? .nan : Double(flagged), reason: "no beats in the window"),
        ]
        out += HRV.featuresOrNaN(nn, parameters: p.hrv).map { f in
            var g = f
            if hrvPrefix != "HRV_" { g.name = hrvPrefix + f.name.dropFirst(4) }
            return g
        }
        return out
    }
}
