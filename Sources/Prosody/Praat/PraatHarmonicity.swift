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
                    aRe.withUnsafeMutableBufferPointer { ar in
                        aIm.withUnsafeMutableBufferPointer { ai in
                            for b in 0..<bins {
                                ar[b] = ws.re(b)
                                ai[b] = ws.im(b)
                            }
                        }
                    }
                    ws.input.update(from: sp.baseAddress!, count: n)
                    (ws.input + n).update(repeating: 0, count: nfft - n)
                    ws.executeForward()
                    aRe.withUnsafeBufferPointer { ar in
                        aIm.withUnsafeBufferPointer { ai in
                            for b in 0..<bins {
                                let sr = ws.re(b)
                                let si = ws.im(b)
                                ws.setBin(b, re: ar[b] * sr + ai[b] * si, im: ar[b] * si - ai[b] * sr)
                            }
                        }
                    }
                    ws.executeInverse()
                    let scale = 1 / Double(nfft)
                    r.withUnsafeMutableBufferPointer { rp in
                        cum.withUnsafeBufferPointer { cp in
                            for tau in 0...maxLag {
                                let e = cp[min(n, tau + nRef)] - cp[tau]
                                rp[tau] = e > 0 ? ws.input[tau] * scale / (e0 * e).squareRoot() : 0
                            }
                        }
                    }
                    // integer local maxima, strongest first; the best three are sinc-refined
                    peaks.removeAll(keepingCapacity: true)
                    for tau in 2..<maxLag where r[tau] > r[tau - 1] && r[tau] >= r[tau + 1] && r[tau] > 0 {
                        peaks.append(tau)
                    }
                    guard !peaks.isEmpty else { continue }
                    // the three strongest, strongest first (ties keep the earlier lag)
                    var (t0, t1, t2) = (-1, -1, -1)
                    for tau in peaks {
                        if t0 < 0 || r[tau] > r[t0] {
                            (t0, t1, t2) = (tau, t0, t1)
                        } else if t1 < 0 || r[tau] > r[t1] {
                            (t1, t2) = (tau, t1)
                        } else if t2 < 0 || r[tau] > r[t2] {
                            t2 = tau
                        }
                    }
                    var value = -Double.infinity
                    for tau in [t0, t1, t2] where tau >= 0 {
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
