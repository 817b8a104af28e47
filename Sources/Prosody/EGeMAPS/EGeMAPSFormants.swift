import Foundation
import SignalCore

/// Formant frequencies and bandwidths by Burg linear prediction (Eyben et al. 2016, Table 1:
/// F1–F3 centre frequency and F1–F3 bandwidth; method as Praat's "To Formant (burg)").
///
/// The 16 kHz signal is resampled to 11 kHz (`Resample.poly(up: 11, down: 16)`), pre-emphasised
/// from 50 Hz (y_n = x_n − e^{−2π·50/11000}·x_{n−1}); a 50 ms Gaussian frame (σ = 0.204 of half
/// the frame, i.e. exp(−48 t²/L²), Praat's window of effective length 25 ms) centred on each 60 ms
/// voice frame's centre (k·hop + 30 ms) gives Burg coefficients a_1…a_p (p = `lpcOrder`). The roots
/// z of z^p + a_1 z^{p−1} + … + a_p (Durand–Kerner iteration) with Im z > 0 give
/// F = arg(z)·fs/(2π) and B = −ln|z|·fs/π Hz; roots with F in (50, fs/2 − 50) Hz are sorted by
/// frequency and the first three are F1–F3. Frames with zero energy or fewer than three such
/// roots give 0 for the missing formants. Output per frame: [F1, F2, F3] and [B1, B2, B3] in Hz.
enum EGeMAPSFormants {
    static let rate = 11000.0

    static func compute(samples16k: [Double], frames: Int, hop: Int, parameters p: EGeMAPSParameters)
        throws(EGeMAPSError) -> (freq: [[Double]], bw: [[Double]])
    {
        let x: [Double]
        do { x = try Resample.poly(samples16k, up: 11, down: 16) } catch { throw .signal(error) }
        let alpha = exp(-2 * Double.pi * 50 / rate)
        var pre = [Double](repeating: 0, count: x.count)
        for i in x.indices { pre[i] = x[i] - (i > 0 ? alpha * x[i - 1] : 0) }
        let length = Int((0.050 * rate).rounded())
        let window = (try? Window.make(.gaussian(sigma: 0.204), length: length, symmetry: .symmetric)) ?? []
        var freq = [[Double]](repeating: [0, 0, 0], count: frames)
        var bw = [[Double]](repeating: [0, 0, 0], count: frames)
        var buf = [Double](repeating: 0, count: length)
        for k in 0..<frames {
            let centre16 = Double(k * hop) + 0.5 * p.voiceFrameSeconds * p.analysisRate
            let start = Int((centre16 * 11 / 16).rounded()) - length / 2
            var energy = 0.0
            for t in 0..<length {
                let i = start + t
                buf[t] = i >= 0 && i < pre.count ? pre[i] * window[t] : 0
                energy += buf[t] * buf[t]
            }
            guard energy > 1e-14 else { continue }
            let a = burg(buf, order: p.lpcOrder)
            let roots = polynomialRoots(a)
            var found: [(Double, Double)] = []
            for z in roots where z.im > 0 {
                let f = atan2(z.im, z.re) * rate / (2 * Double.pi)
                let r = (z.re * z.re + z.im * z.im).squareRoot()
                guard f > 50, f < rate / 2 - 50, r > 0 else { continue }
                found.append((f, -log(r) * rate / Double.pi))
            }
            found.sort { $0.0 < $1.0 }
            for i in 0..<min(3, found.count) {
                freq[k][i] = found[i].0
                bw[k][i] = found[i].1
            }
        }
        return (freq, bw)
    }

    /// Burg's method: prediction polynomial [1, a_1, …, a_p] minimising forward + backward error.
    static func burg(_ x: [Double], order: Int) -> [Double] {
        var a = [Double](repeating: 0, count: order + 1)
        a[0] = 1
        guard x.count > order + 1 else { return a }
        var ef = Array(x[1...])
        var eb = Array(x[..<(x.count - 1)])
        for i in 0..<order {
            var num = 0.0
            var den = 0.0
            for n in ef.indices {
                num += ef[n] * eb[n]
                den += ef[n] * ef[n] + eb[n] * eb[n]
            }
            guard den > 0 else { break }
            let k = -2 * num / den
            let old = a
            for j in 1...(i + 1) { a[j] = old[j] + k * old[i + 1 - j] }
            var nf = [Double](repeating: 0, count: ef.count - 1)
            var nb = [Double](repeating: 0, count: ef.count - 1)
            for n in 0..<(ef.count - 1) {
                nf[n] = ef[n + 1] + k * eb[n + 1]
                nb[n] = eb[n] + k * ef[n]
            }
            ef = nf
            eb = nb
            if ef.isEmpty { break }
        }
        return a
    }

    /// Roots of z^p + c_1 z^{p−1} + … + c_p for `coefficients` = [1, c_1, …, c_p] (Durand–Kerner).
    static func polynomialRoots(_ coefficients: [Double]) -> [(re: Double, im: Double)] {
        let p = coefficients.count - 1
        guard p >= 1 else { return [] }
        var zr = [Double](repeating: 0, count: p)
        var zi = [Double](repeating: 0, count: p)
        for i in 0..<p {
            let ang = 2 * Double.pi * Double(i) / Double(p) + 0.4
            zr[i] = 0.9 * cos(ang)
            zi[i] = 0.9 * sin(ang)
        }
        for _ in 0..<200 {
            var change = 0.0
            for i in 0..<p {
                // f(z_i) by Horner.
                var fr = 1.0
                var fi = 0.0
                for c in coefficients.dropFirst() {
                    let nr = fr * zr[i] - fi * zi[i] + c
                    fi = fr * zi[i] + fi * zr[i]
                    fr = nr
                }
                var dr = 1.0
                var di = 0.0
                for j in 0..<p where j != i {
                    let ar = zr[i] - zr[j]
                    let ai = zi[i] - zi[j]
                    let nr = dr * ar - di * ai
                    di = dr * ai + di * ar
                    dr = nr
                }
                let m = dr * dr + di * di
                guard m > 0 else { continue }
                let qr = (fr * dr + fi * di) / m
                let qi = (fi * dr - fr * di) / m
                zr[i] -= qr
                zi[i] -= qi
                change = max(change, abs(qr) + abs(qi))
            }
            if change < 1e-12 { break }
        }
        return (0..<p).map { (zr[$0], zi[$0]) }
    }
}
