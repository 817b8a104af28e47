/// Parameters of `FaceAnalyzer`. Times are seconds; intensities are on the 0–5 AU scale.
public struct FaceParameters: Codable, Sendable, Equatable {
    /// Centred moving-average window applied to every AU cue (AU45 uses 0.4 × this). Default 0.12 s.
    public var smoothingSeconds: Double = 0.12
    /// An AU counts as present only where its smoothed cue exceeds the baseline by more than this
    /// many noise standard deviations; the excess is what is scaled to 0–5. Default 2.5.
    public var thresholdSigma: Double = 2.5
    /// Fewer valid frames than this: no baseline can be formed, AU/blink/spotting results are
    /// empty with a note (pose is still given). Default 10.
    public var minimumValidFrames: Int = 10
    /// Blink candidates: eye aspect ratio below (1 − this) × its baseline. Default 0.25.
    public var blinkClosureFraction: Double = 0.25
    /// Blink durations outside this range (seconds) are not blinks. Default 0.03…0.5.
    public var blinkMinSeconds: Double = 0.03
    public var blinkMaxSeconds: Double = 0.5
    /// Squint/smile guard: where AU6 or AU12 is at least this intense, a blink must also show the
    /// upper lid dropping by `guardUpperLidDrop` of its baseline height above the eye line (a smile
    /// raises the lower lid and narrows the eye without that). Default 1.0 and 0.5.
    public var guardSmileIntensity: Double = 1.0
    public var guardUpperLidDrop: Double = 0.5
    /// Spotting: frames whose summed AU intensity (AU45 excluded, eye AUs excluded within blinks)
    /// exceeds this are expression frames. Default 1.0.
    public var spotThreshold: Double = 1.0
    /// Spotted intervals shorter than this are dropped; gaps shorter than `spotMergeGapSeconds`
    /// are closed. Defaults 0.1 s and 0.1 s.
    public var spotMinSeconds: Double = 0.1
    /// Spotted runs are widened while the signal stays above this fraction of their peak. Default 0.1.
    public var spotExtendFraction: Double = 0.1
    /// Weight of weak-visibility AUs in the spotting signal (they carry more noise). Default 0.5.
    public var spotWeakWeight: Double = 0.5
    public var spotMergeGapSeconds: Double = 0.1
    /// Intervals up to this long (onset to offset) are micro-expressions (MEGC). Default 0.5 s.
    public var microMaxSeconds: Double = 0.5
    /// An AU frame is "active" for the window functionals at intensity ≥ this. Default 0.5.
    public var activeIntensity: Double = 0.5

    public init() {}

    /// Checks every field; the one place these parameters are validated.
    public func validated() throws(FacialAUError) -> Self {
        func positive(_ name: String, _ v: Double) throws(FacialAUError) {
            guard v.isFinite, v > 0 else {
                throw .invalidParameter(name: name, value: "\(v)", expected: "a finite value > 0")
            }
        }
        try positive("smoothingSeconds", smoothingSeconds)
        try positive("thresholdSigma", thresholdSigma)
        try positive("blinkMinSeconds", blinkMinSeconds)
        try positive("blinkMaxSeconds", blinkMaxSeconds)
        try positive("guardSmileIntensity", guardSmileIntensity)
        try positive("spotThreshold", spotThreshold)
        try positive("spotMinSeconds", spotMinSeconds)
        try positive("microMaxSeconds", microMaxSeconds)
        try positive("activeIntensity", activeIntensity)
        guard spotExtendFraction >= 0, spotExtendFraction < 1 else {
            throw .invalidParameter(
                name: "spotExtendFraction", value: "\(spotExtendFraction)", expected: "0 ≤ value < 1")
        }
        guard spotWeakWeight >= 0, spotWeakWeight <= 1 else {
            throw .invalidParameter(name: "spotWeakWeight", value: "\(spotWeakWeight)", expected: "0 ≤ value ≤ 1")
        }
        guard spotMergeGapSeconds.isFinite, spotMergeGapSeconds >= 0 else {
            throw .invalidParameter(
                name: "spotMergeGapSeconds", value: "\(spotMergeGapSeconds)", expected: "a finite value ≥ 0")
        }
        guard blinkClosureFraction > 0, blinkClosureFraction < 1 else {
            throw .invalidParameter(
                name: "blinkClosureFraction", value: "\(blinkClosureFraction)", expected: "0 < value < 1")
        }
        guard guardUpperLidDrop > 0, guardUpperLidDrop < 1 else {
            throw .invalidParameter(name: "guardUpperLidDrop", value: "\(guardUpperLidDrop)", expected: "0 < value < 1")
        }
        guard blinkMaxSeconds > blinkMinSeconds else {
            throw .invalidParameter(name: "blinkMaxSeconds", value: "\(blinkMaxSeconds)", expected: "> blinkMinSeconds")
        }
        guard minimumValidFrames >= 3 else {
            throw .invalidParameter(name: "minimumValidFrames", value: "\(minimumValidFrames)", expected: "≥ 3")
        }
        return self
    }
}
