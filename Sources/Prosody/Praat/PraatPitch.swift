import Foundation
import SignalCore

/// A pitch track on Praat's frame grid: frame centres (s), F0 (Hz, 0 = unvoiced) and the
/// normalised autocorrelation strength of the chosen candidate (0 for unvoiced frames).
public struct PraatPitchTrack: Sendable, Equatable {
    /// Frame centres in s on the input signal's timeline (`startTime` + Praat's frame time).
    public var timeS: [Double]
    /// F0 in Hz per frame, 0 where the frame is unvoiced.
    public var f0Hz: [Double]
    /// Strength r of the chosen candidate (0 for unvoiced frames).
    public var strength: [Double]

    public init(timeS: [Double], f0Hz: [Double], strength: [Double]) {
        self.timeS = timeS
        self.f0Hz = f0Hz
        self.strength = strength
    }

    /// Number of frames.
    public var count: Int { timeS.count }
}

/// One pitch candidate: frequency in Hz (0 = the unvoiced candidate), lag in samples, strength r.
struct PitchCandidate {
    var frequency: Double
    var lag: Double
    var strength: Double
}

/// Praat-compatible autocorrelation pitch ("Sound: To Pitch (ac)...", Boersma 1993).
///
/// For each frame (window W = 3 / floor, Hann, centred as in `PraatFraming.layout`):
/// 1. subtract the frame mean; the local peak is max |x| of the (unwindowed) frame within half the
///    longest period (1 / (2 · floor)) of the frame centre;
/// 2. r_a(τ) = autocorrelation of the windowed frame (FFT, zero-padded to ≥ 1.5 W);
///    r_x(τ) = (r_a(τ) / r_a(0)) / (r_w(τ) / r_w(0)), r_w = the window's autocorrelation (Boersma 1993, eq. 9);
/// 3. voiced candidates: local maxima of r_x at lags in [fs / ceiling, fs / floor] with r > ½ voicing
///    threshold, interpolated (parabolic for the search, Hann-windowed sinc for the chosen one);
///    the unvoiced candidate has strength V + max(0, 2 − (localPeak / globalPeak) / (S / (1 + V)));
/// 4. a Viterbi path maximises Σ strength − transition costs, with voiced strength
///    r − octaveCost · log2(ceiling / F), transition cost octaveJumpCost · |log2(F₁ / F₂)| between voiced
///    frames, voicedUnvoicedCost between a voiced and an unvoiced frame, all costs × 0.01 s / Δt.
///
/// - Parameters: `x` samples at `rate` Hz (finite; the caller validates), parameters `p` (validated).
/// - Returns: the track on the frame grid (empty when the signal is shorter than one window).
enum PraatAutocorrelationPitch {
    static let sincDepth = 30

    static func analyze(_ x: [Double], rate fs: Double, parameters p: PraatParameters) throws(PraatError)
        -> PraatPitchTrack
    {
        let windowS = 3 / p.pitchFloorHz
        let n = Int((windowS * fs).rounded(.down))
        let (count, first) = PraatFraming.layout(sampleCount: x.count, rate: fs, window: windowS, step: p.timeStepS)
        guard count > 0, n >= 8 else { return PraatPitchTrack(timeS: [], f0Hz: [], strength: []) }
        // zero padding: linear (not circular) autocorrelation for every lag used (FFT sizes 2^a 3^b 5^c)
        let nfft = PraatFraming.smoothSize(atLeast: n + maxLagWanted(n: n, fs: fs, p: p) + sincDepth + 2)
        let fft: RealFFT
        do { fft = try RealFFT.shared(length: nfft) } catch { throw .fft("length \(nfft): \(error)") }
        let ws = RealFFT.Workspace(fft)

        // Hann window (Praat: 0.5 − 0.5 cos(2π i / (n + 1)), i = 1…n) and its normalised autocorrelation.
        var window = [Double](repeating: 0, count: n)
        for i in 0..<n { window[i] = 0.5 - 0.5 * cos(2 * Double.pi * Double(i + 1) / Double(n + 1)) }
        let minLag = max(2, Int((fs / p.pitchCeilingHz).rounded(.down)))
        let maxLag = min(Int((fs / p.pitchFloorHz).rounded(.up)), n / 2 - 2)
        let rCount = min(n / 2 + 1, maxLag + sincDepth + 2)
        let rw = autocorrelation(window, ws: ws, count: rCount)
        let rwInverse = rw.map { $0 > 0 ? 1 / $0 : 0 }

        let mean = x.reduce(0, +) / Double(x.count)
        var globalPeak = 0.0
        for v in x { globalPeak = max(globalPeak, abs(v - mean)) }

        var frames = [[PitchCandidate]]()
        frames.reserveCapacity(count)
        var times = [Double](repeating: 0, count: count)
        for k in 0..<count { times[k] = first + Double(k) * p.timeStepS }
        var seg = [Double](repeating: 0, count: n)
        var r = [Double](repeating: 0, count: rCount)
        var refined = [(index: Int, lag: Double, value: Double)](repeating: (-1, 0, 0), count: count)
        let unvoicedScale = p.silenceThreshold / (1 + p.voicingThreshold)
        // the local peak is sought within half the longest period (1 / floor) around the frame centre
        let halfPeriod = Int((0.5 * fs / p.pitchFloorHz).rounded())
        let peakLo = max(0, n / 2 - halfPeriod)
        let peakHi = min(n, n / 2 + halfPeriod + 1)
        // A voiced candidate (local score ≤ 1) can never beat an unvoiced one whose strength exceeds
        // 1 + 2 × voicedUnvoicedCost (what staying voiced could save): such frames skip the FFT.
        let hopeless = 1 + 2 * p.voicedUnvoicedCost * 0.01 / p.timeStepS

        /// Fills `r` with r_x(τ) for frame k; returns the relative intensity and whether r is valid.
        func autocorrelate(_ k: Int, _ xp: UnsafeBufferPointer<Double>, _ sp: UnsafeMutableBufferPointer<Double>)
            -> (intensity: Double, valid: Bool, unvoiced: Double)
        {
            let start = PraatFraming.windowStart(centre: times[k], length: n, rate: fs)
            let m = PraatFraming.segment(xp, start: start, length: n, into: sp.baseAddress!)
            let localPeak = PraatFraming.subtractMean(sp.baseAddress!, n, m, peakFrom: peakLo, to: peakHi)
            let intensity = globalPeak > 0 ? localPeak / globalPeak : 0
            let unvoiced = p.voicingThreshold + max(0, 2 - intensity / unvoicedScale)
            guard localPeak > 0, unvoiced <= hopeless else { return (intensity, false, unvoiced) }
            window.withUnsafeBufferPointer { wp in for i in 0..<n { ws.input[i] = sp[i] * wp[i] } }
            (ws.input + n).update(repeating: 0, count: nfft - n)
            let r0 = powerTransform(ws)
            guard r0 > 0 else { return (intensity, false, unvoiced) }
            let inv = 1 / r0
            r.withUnsafeMutableBufferPointer { rp in
                rwInverse.withUnsafeBufferPointer { wp in
                    for i in 0..<rCount { rp[i] = ws.re(i) * inv * wp[i] }
                }
            }
            return (intensity, true, unvoiced)
        }

        x.withUnsafeBufferPointer { xp in
            seg.withUnsafeMutableBufferPointer { sp in
                for k in 0..<count {
                    let (_, valid, unvoiced) = autocorrelate(k, xp, sp)
                    var cands = [PitchCandidate(frequency: 0, lag: 0, strength: unvoiced)]
                    if valid {
                        var voiced = [PitchCandidate]()
                        for i in minLag...maxLag where r[i] > r[i - 1] && r[i] >= r[i + 1] {
                            guard r[i] > 0.5 * p.voicingThreshold else { continue }
                            let (lag, value) = PraatFraming.parabolic(r[i - 1], r[i], r[i + 1], at: i)
                            let f = fs / lag
                            guard f <= p.pitchCeilingHz else { continue }
                            let s = value > 1 ? 1 / value : value
                            voiced.append(PitchCandidate(frequency: f, lag: lag, strength: s))
                        }
                        if voiced.count > p.maxCandidates - 1 {
                            func score(_ c: PitchCandidate) -> Double {
                                c.strength - p.octaveCost * log2(p.pitchCeilingHz / c.frequency)
                            }
                            voiced.sort { score($0) > score($1) }
                            voiced.removeLast(voiced.count - (p.maxCandidates - 1))
                        }
                        cands += voiced
                        // refine the best-scoring voiced candidate now (the path usually takes it)
                        var top = -1
                        var topScore = -Double.infinity
                        for (j, c) in voiced.enumerated() {
                            let sc = c.strength - p.octaveCost * log2(p.pitchCeilingHz / c.frequency)
                            if sc > topScore {
                                topScore = sc
                                top = j
                            }
                        }
                        if top >= 0 {
                            let (lag, value) = r.withUnsafeBufferPointer {
                                PraatFraming.refineMaximum($0, near: Int(voiced[top].lag.rounded()), depth: sincDepth)
                            }
                            refined[k] = (top + 1, lag, value)
                        }
                    }
                    frames.append(cands)
                }
            }
        }

        let path = viterbi(
            frames, ceiling: p.pitchCeilingHz, octaveCost: p.octaveCost, octaveJumpCost: p.octaveJumpCost,
            voicedUnvoicedCost: p.voicedUnvoicedCost, timeStep: p.timeStepS)
        var f0 = [Double](repeating: 0, count: count)
        var strength = [Double](repeating: 0, count: count)
        x.withUnsafeBufferPointer { xp in
            seg.withUnsafeMutableBufferPointer { sp in
                for k in 0..<count {
                    let c = frames[k][path[k]]
                    guard c.frequency > 0 else { continue }
                    // The chosen candidate, refined by windowed-sinc interpolation of r_x: taken from
                    // the first pass when it was the frame's best, else r_x is recomputed.
                    var lag = refined[k].lag
                    var value = refined[k].value
                    if refined[k].index != path[k] {
                        _ = autocorrelate(k, xp, sp)
                        (lag, value) = r.withUnsafeBufferPointer {
                            PraatFraming.refineMaximum($0, near: Int(c.lag.rounded()), depth: sincDepth)
                        }
                    }
                    f0[k] = fs / lag
                    strength[k] = value > 1 ? 1 / value : value
                }
            }
        }
        return PraatPitchTrack(timeS: times, f0Hz: f0, strength: strength)
    }

    /// Largest lag (samples) whose autocorrelation is searched.
    static func maxLagWanted(n: Int, fs: Double, p: PraatParameters) -> Int {
        min(Int((fs / p.pitchFloorHz).rounded(.up)), n / 2 - 2)
    }

    /// Normalised autocorrelation r(τ)/r(0), τ = 0…count−1, of a window (zero-padded FFT).
    static func autocorrelation(_ w: [Double], ws: RealFFT.Workspace, count: Int) -> [Double] {
        let nfft = ws.fft.length
        for i in 0..<nfft { ws.input[i] = i < w.count ? w[i] : 0 }
        let r0 = powerTransform(ws)
        return (0..<count).map { ws.re($0) / r0 }
    }

    /// Circular autocorrelation of `ws.input` (length N), left in the real parts of the bins:
    /// with P_k = |X_k|² (a real, even sequence), the forward transform of P is Σ_k P_k cos(2πkτ/N)
    /// = N·r(τ), the same as the unnormalised inverse transform. Returns N·r(0).
    static func powerTransform(_ ws: RealFFT.Workspace) -> Double {
        let nfft = ws.fft.length
        ws.executeForward()
        ws.power(into: ws.input)
        // P_{N−k} = P_k
        var k = 1
        while k < nfft - k {
            ws.input[nfft - k] = ws.input[k]
            k += 1
        }
        ws.executeForward()
        return ws.re(0)
    }

    /// Viterbi path through per-frame candidates (index 0 = unvoiced); returns the chosen index per frame.
    static func viterbi(
        _ frames: [[PitchCandidate]], ceiling: Double, octaveCost: Double, octaveJumpCost: Double,
        voicedUnvoicedCost: Double, timeStep: Double
    ) -> [Int] {
        let count = frames.count
        guard count > 0 else { return [] }
        let correction = 0.01 / timeStep
        func local(_ c: PitchCandidate) -> Double {
            c.frequency > 0 ? c.strength - octaveCost * log2(ceiling / c.frequency) : c.strength
        }
        var score = frames[0].map(local)
        var prevLog = frames[0].map { $0.frequency > 0 ? log2($0.frequency) : 0 }
        var back = [[Int]]()
        back.reserveCapacity(count)
        back.append([Int](repeating: 0, count: frames[0].count))
        let vu = voicedUnvoicedCost * correction
        let jump = octaveJumpCost * correction
        for k in 1..<count {
            let prev = frames[k - 1]
            let cur = frames[k]
            let curLog = cur.map { $0.frequency > 0 ? log2($0.frequency) : 0 }
            var next = [Double](repeating: 0, count: cur.count)
            var from = [Int](repeating: 0, count: cur.count)
            for j in cur.indices {
                let vj = cur[j].frequency > 0
                var best = -Double.infinity
                var arg = 0
                for i in prev.indices {
                    let vi = prev[i].frequency > 0
                    let cost: Double
                    if !vi && !vj {
                        cost = 0
                    } else if !vi || !vj {
                        cost = vu
                    } else {
                        cost = jump * abs(prevLog[i] - curLog[j])
                    }
                    let v = score[i] - cost
                    if v > best {
                        best = v
                        arg = i
                    }
                }
                next[j] = best + local(cur[j])
                from[j] = arg
            }
            score = next
            prevLog = curLog
            back.append(from)
        }
        var path = [Int](repeating: 0, count: count)
        var j = 0
        for i in score.indices where score[i] > score[j] { j = i }
        path[count - 1] = j
        var k = count - 1
        while k > 0 {
            j = back[k][j]
            path[k - 1] = j
            k -= 1
        }
        return path
    }
}
