import SignalCore

/// Parameters of the whole prosody stage: the eGeMAPS v02 path and the Praat-compatible path.
public struct ProsodyParameters: Codable, Sendable, Equatable {
    public var egemaps: EGeMAPSParameters
    public var praat: PraatParameters
    public init(egemaps: EGeMAPSParameters = EGeMAPSParameters(), praat: PraatParameters = PraatParameters()) {
        self.egemaps = egemaps
        self.praat = praat
    }
}

/// The prosody stage's result for one recording or segment.
public struct ProsodyResult: Sendable {
    /// The 88 eGeMAPS v02 functionals (openSMILE names and order), then the 15 `praat_` features.
    public let features: [(name: String, value: Double)]
    /// Why each NaN feature is undefined, and other notes from both paths.
    public let notes: [String]
    public let egemaps: EGeMAPSResult
    public let praat: PraatVoiceReport
}

/// The prosody stage: eGeMAPS v02 (Eyben et al. 2016) and Praat-compatible voice measures
/// (Boersma 1993; Praat manual) of one signal, both analysed at a fixed internal rate so that results
/// do not depend on the file's sample rate. The two families measure different things (e.g.
/// `HNRdBACF_sma3nz_amean` is not `praat_hnr_cc_db`) and never share a name.
public enum ProsodyFeatures {
    /// All feature names in output order.
    public static let names: [String] = EGeMAPS.functionalNames + PraatVoice.featureNames

    /// Both feature families of `signal`. Throws for non-finite samples, a signal shorter than one
    /// 60 ms eGeMAPS frame, or invalid parameters.
    public static func extract(_ signal: Signal, parameters: ProsodyParameters = ProsodyParameters())
        throws(ProsodyError) -> ProsodyResult
    {
        let e: EGeMAPSResult
        do { e = try EGeMAPS.extract(signal, parameters: parameters.egemaps) } catch { throw .egemaps(error) }
        let p: PraatVoiceReport
        do { p = try PraatVoice.analyze(signal, parameters: parameters.praat) } catch { throw .praat(error) }
        let notes = e.notes + p.reasons.map { "\($0.name): \($0.reason)" }
        return ProsodyResult(features: e.functionals + p.features, notes: notes, egemaps: e, praat: p)
    }
}

/// Errors of the combined prosody stage: the path that failed and its error.
public enum ProsodyError: Error, Sendable, CustomStringConvertible {
    case egemaps(EGeMAPSError)
    case praat(PraatError)
    public var description: String {
        switch self {
        case .egemaps(let e): return "eGeMAPS analysis: \(e)"
        case .praat(let e): return "Praat analysis: \(e)"
        }
    }
}
