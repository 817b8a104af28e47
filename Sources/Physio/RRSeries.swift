/// A series of inter-beat intervals in milliseconds (RR from ECG, PP from PPG, or NN after
/// artefact correction), with the time of the beat that ends each interval.
///
/// From beat sample indices p₀…pₙ at rate fs: `intervalsMs[i] = (p[i+1] − p[i]) / fs · 1000` and
/// `beatTimes[i] = p[i+1] / fs` (s), NeuroKit2's `_hrv_get_rri` convention. From a bare interval
/// list the beat times are the running sum of the intervals (NeuroKit2's `np.nancumsum(rri/1000)`).
public struct RRSeries: Sendable, Equatable, Codable {
    /// Intervals in ms (finite, > 0).
    public private(set) var intervalsMs: [Double]
    /// Time in s of the beat closing each interval (same count as `intervalsMs`).
    public private(set) var beatTimes: [Double]

    /// A series from intervals in ms; beat times are their running sum in seconds.
    public init(intervalsMs: [Double], what: String = "RR intervals") throws(PhysioError) {
        try Self.check(intervalsMs, what: what)
        self.intervalsMs = intervalsMs
        var t = 0.0
        self.beatTimes = intervalsMs.map {
            t += $0 / 1000
            return t
        }
    }

    /// A series from intervals in ms with explicit beat times in s (strictly increasing).
    public init(intervalsMs: [Double], beatTimes: [Double], what: String = "RR intervals") throws(PhysioError) {
        try Self.check(intervalsMs, what: what)
        guard beatTimes.count == intervalsMs.count else {
            throw .invalidInput(
                what: what,
                reason: "\(beatTimes.count) beat times for \(intervalsMs.count) intervals; expected equal counts")
        }
        try requireFiniteInput(beatTimes, what: "\(what) beat times")
        for i in 1..<max(1, beatTimes.count) where beatTimes[i] <= beatTimes[i - 1] {
            throw .invalidInput(what: "\(what) beat times", reason: "not increasing at index \(i)")
        }
        self.intervalsMs = intervalsMs
        self.beatTimes = beatTimes
    }

    /// A series from beat sample indices (increasing) at `sampleRate` Hz.
    public init(peaks: [Int], sampleRate: Double) throws(PhysioError) {
        try requirePositiveParameter(sampleRate, "sampleRate")
        guard peaks.count >= 2 else { throw .notEnough(what: "beats", count: peaks.count, needed: 2) }
        var rr: [Double] = []
        var times: [Double] = []
        rr.reserveCapacity(peaks.count - 1)
        times.reserveCapacity(peaks.count - 1)
        for i in 1..<peaks.count {
            guard peaks[i] > peaks[i - 1] else {
                throw .invalidInput(what: "beat indices", reason: "not strictly increasing at position \(i)")
            }
            rr.append(Double(peaks[i] - peaks[i - 1]) / sampleRate * 1000)
            times.append(Double(peaks[i]) / sampleRate)
        }
        self.intervalsMs = rr
        self.beatTimes = times
    }

    /// Number of intervals.
    public var count: Int { intervalsMs.count }

    /// The intervals whose closing beat lies in `[from, to)` seconds.
    public func slice(from: Double, to: Double) -> RRSeries {
        var lo = 0
        var hi = beatTimes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if beatTimes[mid] < from { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < beatTimes.count && beatTimes[end] < to { end += 1 }
        var s = self
        s.intervalsMs = Array(intervalsMs[lo..<end])
        s.beatTimes = Array(beatTimes[lo..<end])
        return s
    }

    private static func check(_ x: [Double], what: String) throws(PhysioError) {
        for (i, v) in x.enumerated() where !(v.isFinite && v > 0) {
            throw .invalidInput(what: what, reason: "value \(v) at index \(i); expected finite intervals > 0 ms")
        }
    }
}
