import SignalCore

/// One AU's per-frame estimate with the per-person statistics it was measured against.
public struct AUSeries: Sendable {
    public let unit: ActionUnit
    /// Intensity 0–5 per frame (NaN on masked frames).
    public let intensity: [Double]
    /// The cue's per-person baseline (inter-ocular units): its median over the baseline frames.
    public let baseline: Double
    /// Frame-to-frame noise SD of the cue (inter-ocular units), from the median absolute
    /// deviation of first differences: 1.4826 · MAD(Δc) / √2.
    public let noise: Double
}

/// A blink (or a rejected blink candidate). Frames are the file's 1-based frame numbers.
public struct Blink: Sendable, Equatable {
    public let onsetFrame: Int
    public let apexFrame: Int
    public let offsetFrame: Int
    public let onsetTime: Double
    public let apexTime: Double
    public let offsetTime: Double
    /// Offset time − onset time + one frame interval, seconds.
    public let durationSeconds: Double
    /// Lowest eye aspect ratio in the blink divided by its baseline.
    public let minimumEARRatio: Double
    /// Nil for accepted blinks; otherwise why the candidate was rejected.
    public let rejection: String?
}

/// A spotted expression interval (MEGC convention: 1-based frames, onset ≤ apex ≤ offset).
public struct SpottedInterval: Sendable, Equatable, Codable {
    public enum Kind: String, Codable, Sendable { case micro, macro }
    public let kind: Kind
    public let onsetFrame: Int
    public let apexFrame: Int
    public let offsetFrame: Int
    public let onsetTime: Double
    public let offsetTime: Double
    /// Summed AU intensity at the apex.
    public let peak: Double
    /// AUs at ≥ 1.0 at the apex, e.g. ["AU06", "AU12"].
    public let units: [String]

    public init(
        kind: Kind, onsetFrame: Int, apexFrame: Int, offsetFrame: Int, onsetTime: Double = .nan,
        offsetTime: Double = .nan, peak: Double = .nan, units: [String] = []
    ) {
        self.kind = kind
        self.onsetFrame = onsetFrame
        self.apexFrame = apexFrame
        self.offsetFrame = offsetFrame
        self.onsetTime = onsetTime
        self.offsetTime = offsetTime
        self.peak = peak
        self.units = units
    }
}

/// Everything `FaceAnalyzer.analyse` measures on one stream. Per-frame arrays have one value per
/// input frame; masked frames hold NaN.
public struct FaceAnalysis: Sendable {
    public let source: String
    public let parameters: FaceParameters
    public let frameNumbers: [Int]
    public let timestamps: [Double]
    public let valid: [Bool]
    public let yawDegrees: [Double]
    public let pitchDegrees: [Double]
    public let rollDegrees: [Double]
    /// Frontalised (pose-removed) landmarks, inter-ocular units in the `MeanFace` frame, frame-major
    /// like `LandmarkStream.xs` (NaN on masked frames).
    public let frontalX: [Double]
    public let frontalY: [Double]
    /// Eye aspect ratio (Soukupová & Čech 2016), mean of both eyes, on frontalised points.
    public let eyeAspectRatio: [Double]
    /// One series per `ActionUnit.allCases`, in that order; empty if the stream was too short.
    public let units: [AUSeries]
    /// Accepted blinks.
    public let blinks: [Blink]
    /// Blink candidates rejected by the duration limits or the smile/squint guard.
    public let rejectedBlinks: [Blink]
    public let intervals: [SpottedInterval]
    /// Why some result is empty or limited (e.g. too few valid frames).
    public let notes: [String]

    init(
        source: String, parameters: FaceParameters, frameNumbers: [Int], timestamps: [Double], valid: [Bool],
        yawDegrees: [Double], pitchDegrees: [Double], rollDegrees: [Double], frontalX: [Double], frontalY: [Double],
        eyeAspectRatio: [Double], units: [AUSeries], blinks: [Blink], rejectedBlinks: [Blink],
        intervals: [SpottedInterval], notes: [String]
    ) {
        self.source = source
        self.parameters = parameters
        self.frameNumbers = frameNumbers
        self.timestamps = timestamps
        self.valid = valid
        self.yawDegrees = yawDegrees
        self.pitchDegrees = pitchDegrees
        self.rollDegrees = rollDegrees
        self.frontalX = frontalX
        self.frontalY = frontalY
        self.eyeAspectRatio = eyeAspectRatio
        self.units = units
        self.blinks = blinks
        self.rejectedBlinks = rejectedBlinks
        self.intervals = intervals
        self.notes = notes
        if timestamps.count > 1 {
            let d = (1..<timestamps.count).map { timestamps[$0] - timestamps[$0 - 1] }
            frameInterval = Smoothing.median(d)
        } else {
            frameInterval = 0
        }
    }

    /// The series of `unit`, if it was estimated.
    public func series(_ unit: ActionUnit) -> AUSeries? { units.first { $0.unit == unit } }

    /// Median frame interval of the stream, seconds (0 for a single frame).
    public let frameInterval: Double
}

/// Landmark stream → head pose, frontalised landmarks, AU intensities, blinks, spotted intervals.
///
/// Steps per stream: (1) weak-perspective pose per valid frame and frontalisation (`PoseFitter`);
/// (2) per AU, its cue (`ActionUnit.cue`) per frame, smoothed by a centred moving average over a
/// time window (valid frames only, timestamps honoured so variable frame rates work);
/// (3) per-person baseline = median of the smoothed cue over the baseline frames (all valid frames,
/// or the declared neutral time range) — robust while the AU is active in under half the frames;
/// noise σ from first differences; intensity = 5 · max(0, c̃ − baseline − k σ/√n_w) / fullScale,
/// capped at 5 (n_w = frames per window, k = `thresholdSigma`); (4) blinks from the eye aspect
/// ratio with a smile/squint guard; (5) spotting from the summed AU intensities.
public struct FaceAnalyzer: Sendable {
    public let parameters: FaceParameters
    let fitter: PoseFitter

    public init(parameters: FaceParameters = .init()) throws(FacialAUError) {
        self.parameters = try parameters.validated()
        self.fitter = try PoseFitter()
    }

    /// Analyses a stream. `neutral` (seconds, inclusive) declares neutral frames for the baseline;
    /// nil uses the robust whole-stream median.
    public func analyse(_ stream: LandmarkStream, neutral: ClosedRange<Double>? = nil) throws(FacialAUError)
        -> FaceAnalysis
    {
        let p = parameters
        let n = stream.frameCount
        let np = LandmarkStream.pointCount
        var valid = stream.valid
        var yaw = [Double](repeating: .nan, count: n)
        var pitch = yaw, roll = yaw, ear = yaw
        var fx = [Double](repeating: .nan, count: n * np)
        var fy = fx
        for f in 0..<n where valid[f] {
            guard let pose = fitter.fit(xs: stream.xs, ys: stream.ys, offset: f * np) else {
                valid[f] = false
                continue
            }
            yaw[f] = pose.yawDegrees
            pitch[f] = pose.pitchDegrees
            roll[f] = pose.rollDegrees
            fitter.frontalise(
                xs: stream.xs, ys: stream.ys, offset: f * np, pose: pose, into: &fx, &fy, outOffset: f * np)
            let o = f * np
            func d(_ a: Int, _ b: Int) -> Double {
                let dx = fx[o + a] - fx[o + b], dy = fy[o + a] - fy[o + b]
                return (dx * dx + dy * dy).squareRoot()
            }
            ear[f] = ((d(37, 41) + d(38, 40)) / (2 * d(36, 39)) + (d(43, 47) + d(44, 46)) / (2 * d(42, 45))) / 2
        }
        let validIdx = (0..<n).filter { valid[$0] }
        var notes: [String] = []
        if validIdx.count < p.minimumValidFrames {
            notes.append(
                "\(validIdx.count) valid frame(s): the per-person baseline needs at least \(p.minimumValidFrames), so AU intensities, blinks and intervals are not estimated"
            )
            return FaceAnalysis(
                source: stream.source, parameters: p, frameNumbers: stream.frameNumbers, timestamps: stream.timestamps,
                valid: valid, yawDegrees: yaw, pitchDegrees: pitch, rollDegrees: roll, frontalX: fx, frontalY: fy,
                eyeAspectRatio: ear, units: [], blinks: [], rejectedBlinks: [], intervals: [], notes: notes)
        }
        let t = stream.timestamps
        var dts = (1..<validIdx.count).map { t[validIdx[$0]] - t[validIdx[$0 - 1]] }
        dts.sort()
        let dt = dts[dts.count / 2]
        var baseIdx = validIdx
        if let r = neutral {
            baseIdx = validIdx.filter { r.contains(t[$0]) }
            if baseIdx.count < 3 {
                throw .invalidParameter(
                    name: "neutral", value: "\(r.lowerBound)…\(r.upperBound) s",
                    expected: "a time range holding at least 3 valid frames (it holds \(baseIdx.count))")
            }
        }
        // AU cues and intensities.
        var units: [AUSeries] = []
        var cue = [Double](repeating: .nan, count: n)
        var smooth = cue
        var lidHeight = cue  // AU5 cue (upper-lid height) for the blink guard, smoothed
        var lidBaseline = Double.nan
        fx.withUnsafeBufferPointer { bx in
            fy.withUnsafeBufferPointer { by in
                for unit in ActionUnit.allCases {
                    for f in validIdx {
                        cue[f] = unit.cue(bx.baseAddress! + f * np, by.baseAddress! + f * np)
                    }
                    let window = p.smoothingSeconds * unit.smoothingScale
                    Smoothing.movingAverage(cue, times: t, indices: validIdx, window: window, into: &smooth)
                    let base = Smoothing.median(baseIdx.map { smooth[$0] })
                    let sigma = Smoothing.differenceNoise(cue, indices: validIdx)
                    let perWindow = max(1, (window / dt).rounded(.down) + 1)
                    let floor = p.thresholdSigma * sigma / perWindow.squareRoot()
                    var out = [Double](repeating: .nan, count: n)
                    let gain = 5 / unit.fullScale
                    for f in validIdx { out[f] = min(5, gain * max(0, smooth[f] - base - floor)) }
                    units.append(AUSeries(unit: unit, intensity: out, baseline: base, noise: sigma))
                    if unit == .au5 {
                        // The blink guard reads the upper lid at the blink time scale.
                        let w = p.smoothingSeconds * ActionUnit.au45.smoothingScale
                        Smoothing.movingAverage(cue, times: t, indices: validIdx, window: w, into: &lidHeight)
                        lidBaseline = Smoothing.median(baseIdx.map { lidHeight[$0] })
                    }
                }
            }
        }
        var earSmooth = [Double](repeating: .nan, count: n)
        Smoothing.movingAverage(
            ear, times: t, indices: validIdx, window: p.smoothingSeconds * ActionUnit.au45.smoothingScale,
            into: &earSmooth)
        let earBase = Smoothing.median(baseIdx.map { earSmooth[$0] })
        let smile = (0..<n).map { f -> Double in
            guard valid[f] else { return .nan }
            return max(
                units[ActionUnit.allCases.firstIndex(of: .au6)!].intensity[f],
                units[ActionUnit.allCases.firstIndex(of: .au12)!].intensity[f])
        }
        let (blinks, rejected) = BlinkDetector.detect(
            ear: earSmooth, earBaseline: earBase, lidHeight: lidHeight, lidBaseline: lidBaseline, smile: smile,
            frames: stream.frameNumbers, times: t, valid: valid, frameInterval: dt, parameters: p)
        let intervals = ExpressionSpotter.spot(
            units: units, blinks: blinks, frames: stream.frameNumbers, times: t, valid: valid, frameInterval: dt,
            parameters: p)
        return FaceAnalysis(
            source: stream.source, parameters: p, frameNumbers: stream.frameNumbers, timestamps: t, valid: valid,
            yawDegrees: yaw, pitchDegrees: pitch, rollDegrees: roll, frontalX: fx, frontalY: fy, eyeAspectRatio: ear,
            units: units, blinks: blinks, rejectedBlinks: rejected, intervals: intervals, notes: notes)
    }
}

/// Small time-series helpers of this stage (masked frames skipped, never interpolated).
enum Smoothing {
    /// Centred moving average over |t_j − t_i| ≤ window/2 of the frames in `indices` (ascending).
    static func movingAverage(
        _ x: [Double], times t: [Double], indices: [Int], window: Double, into out: inout [Double]
    ) {
        let h = window / 2
        var lo = 0, hi = 0
        var sum = 0.0
        for (k, i) in indices.enumerated() {
            while hi < indices.count && t[indices[hi]] <= t[i] + h {
                sum += x[indices[hi]]
                hi += 1
            }
            while t[indices[lo]] < t[i] - h {
                sum -= x[indices[lo]]
                lo += 1
            }
            _ = k
            out[i] = sum / Double(hi - lo)
        }
    }

    /// Median (numpy linear-interpolation convention, equal to `Stats.median`), NaN for no values.
    /// Found by selection (Hoare's quickselect, median-of-three pivots, deterministic) in O(n)
    /// expected time instead of a full sort: this stage takes ~50 medians of every stream.
    static func median(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        var a = x
        let n = a.count
        let hi = select(&a, n / 2)
        if n % 2 == 1 { return hi }
        // The lower middle is the largest value left of position n/2 after the partition.
        var lo = a[0]
        for i in 1..<(n / 2) where a[i] > lo { lo = a[i] }
        return lo + (hi - lo) * 0.5
    }

    /// Rearranges `a` so that `a[k]` is the k-th smallest, smaller-or-equal values before it.
    static func select(_ a: inout [Double], _ k: Int) -> Double {
        var l = 0, r = a.count - 1
        while r > l {
            let m = l + (r - l) / 2
            if a[m] < a[l] { a.swapAt(m, l) }
            if a[r] < a[l] { a.swapAt(r, l) }
            if a[r] < a[m] { a.swapAt(r, m) }
            let pivot = a[m]
            var i = l, j = r
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                r = j
            } else if k >= i {
                l = i
            } else {
                return a[k]
            }
        }
        return a[k]
    }

    /// 1.4826 · MAD of first differences between consecutive valid frames / √2.
    static func differenceNoise(_ x: [Double], indices: [Int]) -> Double {
        guard indices.count > 2 else { return 0 }
        let d = (1..<indices.count).map { x[indices[$0]] - x[indices[$0 - 1]] }
        let m = median(d)
        return 1.482_602_218_505_602 * median(d.map { abs($0 - m) }) / 2.0.squareRoot()
    }
}
