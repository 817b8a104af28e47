/// Where a frame's timestamp sits relative to its samples.
///
/// `.start`: frame k covers samples [k·hop, k·hop + length) and is stamped at its first sample
/// (openSMILE LLD rows). `.centre`: the same samples, stamped at their centre (Praat, librosa with
/// `center=False` plus half a frame). Time = startTime + (k·hop [+ length/2]) / rate.
public enum FrameTimeConvention: String, Sendable, Codable {
    case start
    case centre
}

/// A regular grid of analysis frames over a signal of `sampleCount` samples.
///
/// Only whole frames are produced (no padding): `count = 1 + ⌊(N − length) / hop⌋` when N ≥ length,
/// else 0. Lengths and hops are in samples.
public struct FrameGrid: Sendable, Equatable, Codable {
    public let frameLength: Int
    public let hop: Int
    public let sampleCount: Int
    public let convention: FrameTimeConvention

    public init(frameLength: Int, hop: Int, sampleCount: Int, convention: FrameTimeConvention = .centre)
        throws(SignalError)
    {
        guard frameLength > 0 else {
            throw .invalidParameter(name: "frameLength", value: "\(frameLength)", expected: "≥ 1 sample")
        }
        guard hop > 0 else { throw .invalidParameter(name: "hop", value: "\(hop)", expected: "≥ 1 sample") }
        guard sampleCount >= 0 else {
            throw .invalidParameter(name: "sampleCount", value: "\(sampleCount)", expected: "≥ 0")
        }
        self.frameLength = frameLength
        self.hop = hop
        self.sampleCount = sampleCount
        self.convention = convention
    }

    /// Frame grid from durations in seconds (rounded to the nearest sample).
    public init(
        frameSeconds: Double, hopSeconds: Double, sampleRate: Double, sampleCount: Int,
        convention: FrameTimeConvention = .centre
    ) throws(SignalError) {
        try requirePositive(frameSeconds, name: "frame length (s)")
        try requirePositive(hopSeconds, name: "hop (s)")
        try requirePositive(sampleRate, name: "sampleRate")
        try self.init(
            frameLength: max(1, Int((frameSeconds * sampleRate).rounded())),
            hop: max(1, Int((hopSeconds * sampleRate).rounded())),
            sampleCount: sampleCount, convention: convention)
    }

    /// Number of whole frames.
    public var count: Int { sampleCount < frameLength ? 0 : 1 + (sampleCount - frameLength) / hop }

    /// First sample index of frame `k`.
    @inlinable public func start(of k: Int) -> Int { k * hop }

    /// Timestamp of frame `k` in seconds, following `convention`.
    public func time(of k: Int, sampleRate: Double, startTime: Double = 0) -> Double {
        let offset = convention == .centre ? Double(frameLength) / 2 : 0
        return startTime + (Double(k * hop) + offset) / sampleRate
    }
}
