import Foundation
import SignalCore

/// Harmonics-to-noise ratio by forward cross-correlation ("Sound: To Harmonicity (cc)...", Praat
/// manual; Boersma 1993 §4).
///
/// Frames: window W = (1 + P) / minimumPitch (P periods per window, default 1), step 10 ms, centred
/// as in `PraatFraming.layout`. Per frame, after subtracting the frame mean, with a = the first
/// P / minimumPitch seconds of the frame:
/// r(τ) = Σ a_i s_{i+τ} / √(Σ a_i² · Σ s_{i+τ}²), τ ≤ 1 / minimumPitch (numerator by FFT).
/// The strongest local maximum r_max (sinc-interpolated) competes with the silence candidate
/// max(0, 2 − (localPeak / globalPeak) / silenceThreshold); if it wins, the frame's HNR is
/// 10·log10(r_max / (1 − r_max)) dB, otherwise the frame is silent (Praat's −200 dB, left out of means).
///
/// - Returns: per-frame HNR in dB, NaN for silent frames.
enum PraatHarmonicity {
    static func frames(_ x: [Double], rate fs: Double, parameters p: PraatParameters) throws(PraatError) -> [Double] {
        let refS = p.hnrPeriodsPerWindow / p.hnrMinimumPitchHz
        let windowS = refS + 1 / p.hnrMinimumPitchHz
        let nRef = Int((refS * fs).rounded(.down))
        let maxLag = Int((fs / p.hnrMinimumPitchHz).rounded(.down))
        let n = nRef + maxLag
        let (count, first) = PraatFraming.layout(sampleCount: x.count, rate: fs, window: windowS, step: p.timeStepS)
        guard count > 0, nRef >= 4 else { return [] }
        // c(τ) = Σ_{i<nRef} a_i s_{i+τ} needs i + τ ≤ n − 1 < nfft: no circular wrap for τ ≤ maxLag
        let nfft = PraatFraming.smoothSize(atLeast: n)
        let fft: RealFFT
        do { fft = try RealFFT.shared(length: nfft) } catch { throw .fft("length \(nfft): \(error)") }
        let ws = RealFFT.Workspace(fft)
        let bins = fft.binCount
        var aRe = [Double](repeating: 0, count: bins)
        var aIm = [Double](repeating: 0, count: bins)
        let mean = x.reduce(0, +) / Double(x.count)
        var globalPeak = 0.0
        for v in x { globalPeak = max(globalPeak, abs(v - mean)) }
        var out = [Double](repeating: .nan, count: count)
        var seg = [Double](repeating: 0, count: n)
        var cum = [Double](repeating: 0, count: n + 1)
        var r = [Double](repeating: 0, count: maxLag + 1)
        var peaks = [Int]()
        peaks.reserveCapacity(maxLag)
        x.withUnsafeBufferPointer { xp in
            seg.withUnsafeMutableBufferPointer { sp in
                for k in 0..<count {
                    let t = first + Double(k) * p.timeStepS
                    let start = PraatFraming.windowStart(centre: t, length: n, rate: fs)
                    let m = PraatFraming.segment(xp, start: start, length: n, into: sp.baseAddress!)
                    let localPeak = PraatFraming.subtractMean(sp.baseAddress!, n, m, peakFrom: 0, to: n)
                    let silence = max(0, 2 - (globalPeak > 0 ? localPeak / globalPeak : 0) / p.hnrSilenceThreshold)
                    // r ≤ 1 cannot beat a silence strength ≥ 1: skip the correlation
                    guard silence < 1 else { continue }
                    cum.withUnsafeMutableBufferPointer { cp in
                        for i in 0..<n { cp[i + 1] = cp[i] + sp[i] * sp[i] }
                    }
                    let e0 = cum[nRef]
                    guard e0 > 0 else { continue }
                    // A = FFT(a), S = FFT(s); c(τ) = IFFT(conj(A)·S)(τ)/nfft
                    ws.input.update(from: sp.baseAddress!, count: nRef)
                    (ws.input + nRef).update(repeating: 0, count: nfft - nRef)
                    ws.executeForward()
                    for b in 0..<bins {
                        aRe[b] = ws.re(b)
                        aIm[b] = ws.im(b)
                    }
                    ws.input.update(from: sp.baseAddress!, count: n)
                    (ws.input + n).update(repeating: 0, count: nfft - n)
                    ws.executeForward()
                    for b in 0..<bins {
                        let sr = ws.re(b)
                        let si = ws.im(b)
                        ws.setBin(b, re: aRe[b] * sr + aIm[b] * si, im: aRe[b] * si - aIm[b] * sr)
                    }
                    ws.executeInverse()
                    let scale = 1 / Double(nfft)
                    for tau in 0...maxLag {
                        let e = cum[min(n, tau + nRef)] - cum[tau]
                        r[tau] = e > 0 ? ws.input[tau] * scale / (e0 * e).squareRoot() : 0
                    }
                    // integer local maxima, strongest first; the best three are sinc-refined
                    peaks.removeAll(keepingCapacity: true)
                    for tau in 2..<maxLag where r[tau] > r[tau - 1] && r[tau] >= r[tau + 1] && r[tau] > 0 {
                        peaks.append(tau)
                    }
                    guard !peaks.isEmpty else { continue }
                    // the three strongest, strongest first (ties keep the earlier lag)
                    var top = [-1, -1, -1]
                    for tau in peaks {
                        if top[0] < 0 || r[tau] > r[top[0]] {
                            top = [tau, top[0], top[1]]
                        } else if top[1] < 0 || r[tau] > r[top[1]] {
                            top = [top[0], tau, top[1]]
                        } else if top[2] < 0 || r[tau] > r[top[2]] {
                            top[2] = tau
                        }
                    }
                    var value = -Double.infinity
                    for tau in top where tau >= 0 {
                        let (_, v) = r.withUnsafeBufferPointer {
                            PraatFraming.refineMaximum($0, near: tau, depth: min(30, maxLag - tau))
                        }
                        value = max(value, v)
                    }
                    if value > 1 { value = 1 / value }
                    guard value > silence else { continue }
                    out[k] = value <= 1e-15 ? -150 : value >= 1 - 1e-15 ? 150 : 10 * log10(value / (1 - value))
                }
            }
        }
        return out
    }
}
