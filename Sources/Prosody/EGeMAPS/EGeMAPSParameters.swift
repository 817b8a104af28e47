/// Parameters of the eGeMAPS v02 extractor (Eyben et al. 2016, IEEE Trans. Affective Computing 7(2)).
///
/// Defaults reproduce the eGeMAPSv02 configuration as documented: analysis at a fixed 16 kHz
/// (the input is resampled first, so results do not depend on the file's rate), 10 ms hop,
/// 20 ms Hamming frames for the spectral and energy descriptors, 60 ms Gaussian (σ = 0.4) frames
/// for pitch, jitter, shimmer, HNR and harmonic amplitudes, subharmonic-summation pitch
/// (Hermes 1988) between 55 and 1000 Hz with 15 harmonics and compression 0.85. openSMILE's voicing
/// probability (cutoff 0.7) is not documented in enough detail to reproduce; the voicing decision
/// here combines three cues whose thresholds were fitted to openSMILE's voiced frames (see
/// `voicingThreshold`). All times in seconds, frequencies in Hz.
public struct EGeMAPSParameters: Codable, Sendable, Equatable {
    /// Internal analysis rate (Hz). Default 16000.
    public var analysisRate: Double = 16000
    /// Frame step (s). Default 0.010.
    public var hopSeconds: Double = 0.010
    /// Length of the Hamming frames for loudness, spectral descriptors and MFCC (s). Default 0.020.
    public var spectralFrameSeconds: Double = 0.020
    /// Length of the Gaussian frames for pitch and voice quality (s). Default 0.060.
    public var voiceFrameSeconds: Double = 0.060
    /// Gaussian window σ relative to half the frame. Default 0.4.
    public var gaussianSigma: Double = 0.4
    /// Lowest F0 candidate (Hz). Default 55.
    public var f0MinHz: Double = 55
    /// Highest F0 candidate (Hz). Default 1000.
    public var f0MaxHz: Double = 1000
    /// Number of harmonics summed by SHS. Default 15.
    public var shsHarmonics: Int = 15
    /// SHS compression factor h (weight of harmonic n is h^(n−1)). Default 0.85.
    public var shsCompression: Double = 0.85
    /// A frame is voiced only if the normalised autocorrelation at the SHS period reaches this.
    /// Default 0.6 (fitted, with the next two thresholds, to openSMILE's voiced frames on the 20
    /// real speech files of ../shared; see `EGeMAPSPitch`).
    public var voicingThreshold: Double = 0.6
    /// A frame is voiced only if its SHS salience 1 − mean(H)/max(H) over the F0 search range
    /// reaches this. Default 0.52.
    public var shsVoicingThreshold: Double = 0.52
    /// A frame is voiced only if its windowed RMS exceeds this fraction of the recording's loudest
    /// frame's (a silence gate like Praat's "silence threshold"). Default 0.04 (−28 dB; 0.01
    /// agrees as well with openSMILE's voicing frame by frame but lets steady mains hum at −29 dB
    /// through as 62 Hz voicing, which openSMILE does not report).
    public var silenceThreshold: Double = 0.04
    /// Relative hysteresis of the rising/falling slope and peak detection, as a fraction of the
    /// contour's range. Default 0.1.
    public var peakRelativeThreshold: Double = 0.1
    /// Burg LPC order for the formant analysis at 11 kHz (two poles per formant up to 5.5 kHz). Default 10.
    public var lpcOrder: Int = 10

    public init() {}

    /// Checks every field; throws the first violation.
    public func validate() throws(EGeMAPSError) {
        func positive(_ v: Double, _ name: String) throws(EGeMAPSError) {
            guard v.isFinite, v > 0 else {
                throw .invalidParameter(name: name, value: "\(v)", expected: "a finite value > 0")
            }
        }
        try positive(analysisRate, "analysisRate")
        try positive(hopSeconds, "hopSeconds")
        try positive(spectralFrameSeconds, "spectralFrameSeconds")
        try positive(voiceFrameSeconds, "voiceFrameSeconds")
        try positive(gaussianSigma, "gaussianSigma")
        try positive(f0MinHz, "f0MinHz")
        guard f0MaxHz.isFinite, f0MaxHz > f0MinHz, f0MaxHz < analysisRate / 4 else {
            throw .invalidParameter(
                name: "f0MaxHz", value: "\(f0MaxHz)", expected: "> f0MinHz and < analysisRate/4")
        }
        guard shsHarmonics >= 1, shsHarmonics <= 50 else {
            throw .invalidParameter(name: "shsHarmonics", value: "\(shsHarmonics)", expected: "1 … 50")
        }
        guard shsCompression > 0, shsCompression <= 1 else {
            throw .invalidParameter(name: "shsCompression", value: "\(shsCompression)", expected: "(0, 1]")
        }
        guard voicingThreshold >= 0, voicingThreshold < 1 else {
            throw .invalidParameter(name: "voicingThreshold", value: "\(voicingThreshold)", expected: "[0, 1)")
        }
        guard shsVoicingThreshold >= 0, shsVoicingThreshold < 1 else {
            throw .invalidParameter(
                name: "shsVoicingThreshold", value: "\(shsVoicingThreshold)", expected: "[0, 1)")
        }
        guard silenceThreshold >= 0, silenceThreshold < 1 else {
            throw .invalidParameter(name: "silenceThreshold", value: "\(silenceThreshold)", expected: "[0, 1)")
        }
        guard peakRelativeThreshold >= 0, peakRelativeThreshold < 1 else {
            throw .invalidParameter(
                name: "peakRelativeThreshold", value: "\(peakRelativeThreshold)", expected: "[0, 1)")
        }
        guard lpcOrder >= 4, lpcOrder <= 30 else {
            throw .invalidParameter(name: "lpcOrder", value: "\(lpcOrder)", expected: "4 … 30")
        }
        guard voiceFrameSeconds >= spectralFrameSeconds else {
            throw .invalidParameter(
                name: "voiceFrameSeconds", value: "\(voiceFrameSeconds)", expected: "≥ spectralFrameSeconds")
        }
    }
}
