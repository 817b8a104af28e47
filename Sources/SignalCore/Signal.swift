/// A uniformly sampled, single-channel signal: samples, sample rate (Hz) and start time (s).
///
/// Sample `i` is taken at `startTime + Double(i) / sampleRate` seconds. The initialiser rejects a
/// non-positive or non-finite sample rate; it does not inspect the samples (use `validated()` to
/// reject NaN/Inf, which stages do on entry).
public struct Signal: Sendable, Equatable, Codable {
    /// Sample values, in the unit of the source (e.g. full-scale audio in [-1, 1], ECG in mV).
    public var samples: [Double]
    /// Sampling rate in Hz (> 0).
    public let sampleRate: Double
    /// Time of sample 0 in seconds on the recording's timeline.
    public var startTime: Double

    public init(samples: [Double], sampleRate: Double, startTime: Double = 0) throws(SignalError) {
        try requirePositive(sampleRate, name: "sampleRate")
        guard startTime.isFinite else {
            throw .invalidParameter(name: "startTime", value: "\(startTime)", expected: "a finite time in seconds")
        }
        self.samples = samples
        self.sampleRate = sampleRate
        self.startTime = startTime
    }

    /// Number of samples.
    @inlinable public var count: Int { samples.count }
    /// Duration in seconds (`count / sampleRate`).
    @inlinable public var duration: Double { Double(samples.count) / sampleRate }
    /// Time in seconds of sample `index`.
    @inlinable public func time(ofSample index: Int) -> Double { startTime + Double(index) / sampleRate }

    /// Returns `self` after checking that every sample is finite.
    public func validated(what: String = "signal") throws(SignalError) -> Signal {
        try requireFinite(samples, what: what)
        return self
    }

    /// The samples in `[from, to)` seconds (clipped to the signal), keeping the timeline.
    public func slice(from: Double, to: Double) -> Signal {
        let a = max(0, Int(((from - startTime) * sampleRate).rounded(.up)))
        let b = min(samples.count, Int(((to - startTime) * sampleRate).rounded(.up)))
        let part = a < b ? Array(samples[a..<b]) : []
        // swiftlint: the rate was validated at construction, so this cannot throw.
        return (try? Signal(samples: part, sampleRate: sampleRate, startTime: time(ofSample: a)))!
    }
}
