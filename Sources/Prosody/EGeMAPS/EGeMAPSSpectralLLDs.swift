import Foundation
import SignalCore

/// Spectral and energy low-level descriptors from the 20 ms Hamming magnitude spectra
/// (Eyben et al. 2016, §3.1 and Table 1; openSMILE book, components cSpectral, cMelspec, cPlp,
/// cMfcc, cEnergy). P(f) = |X(f)|² is the power per bin, f in Hz.
///
/// - loudness: Σ_b (E(f_b)·B_b)^0.33 over 26 triangular bands equally spaced on the Bark scale
///   z = 6·asinh(f/600) between 20 and 8000 Hz, B_b = Σ_f T_b(f)·P(f), with Hermansky's (1990)
///   equal-loudness weight E(ω) = ((ω² + 56.8e6)·ω⁴) / ((ω² + 6.3e6)²·(ω² + 0.38e9)), ω = 2πf_b
///   (an auditory-spectrum loudness, Zwicker-style intensity-to-loudness power law).
/// - alphaRatio: 10·log10(Σ_{1–5 kHz} P / Σ_{50 Hz–1 kHz} P) dB.
/// - hammarbergIndex: 20·log10(max_{0–2 kHz} |X| / max_{2–5 kHz} |X|) dB.
/// - slope0-500, slope500-1500: least-squares slope of 10·log10 P(f) over f in the band, dB/Hz.
/// - spectralFlux: √(Σ_f (|X_t(f)| − |X_{t−1}(f)|)² / (L/2)), L = frame length in samples (first
///   frame: 0); the 1/(L/2) scale reproduces openSMILE's values on the shared speech set.
/// - mfcc1–4: HTK-style cepstra: 26 triangular mel bands (mel = 1127·ln(1 + f/700)) between 20
///   and 8000 Hz on P, c_i = √(2/26) Σ_j ln(max(M_j, 1e-10)) cos(πi(j + ½)/26), liftered by
///   1 + 11·sin(πi/22).
/// - energy (for equivalentSoundLevel): RMS of the unwindowed 20 ms frame, √(Σ x² / L) (zero
///   beyond the signal's end). openSMILE's eGeMAPS v02 configuration reads the energy for the
///   equivalent sound level from the framer's output before the Hamming window; the windowed RMS
///   reads lower by 10·log10(mean w²) ≈ −4.0 dB.
/// Frames with zero energy give loudness 0, MFCC 0 and ratios NaN-free zeros.
struct EGeMAPSSpectralLLDs {
    var loudness: [Double]
    var alphaRatio: [Double]
    var hammarberg: [Double]
    var slope0500: [Double]
    var slope5001500: [Double]
    var flux: [Double]
    var mfcc: [[Double]]  // 4 columns
    var rmsEnergy: [Double]

    /// The LLDs of `count` Hamming frames (`window`, step `hop`) of `samples` at `rate` Hz, one
    /// FFT per frame (zero-padded to the next power of two).
    static func compute(samples: [Double], count: Int, hop: Int, window: [Double], rate: Double)
        throws(EGeMAPSError) -> EGeMAPSSpectralLLDs
    {
        let frameLength = window.count
        let fftLength = STFT.nextPowerOfTwo(frameLength)
        let frameFFT = try EGeMAPSFrameFFT(window: window, hop: hop, fftLength: fftLength)
        let nb = frameFFT.binCount
        let hz = rate / Double(fftLength)
        let freq = (0..<nb).map { Double($0) * hz }
        // Bark bank for loudness.
        let bark = { (f: Double) in 6 * asinh(f / 600) }
        let barkInv = { (z: Double) in 600 * sinh(z / 6) }
        let loudBank = triangularBank(
            count: 26, low: 20, high: 8000, freq: freq, toScale: bark, fromScale: barkInv)
        let eqLoud: [Double] = loudBank.centres.map { f in
            let w2 = pow(2 * Double.pi * f, 2)
            return ((w2 + 56.8e6) * w2 * w2) / (pow(w2 + 6.3e6, 2) * (w2 + 0.38e9))
        }
        let mel = { (f: Double) in 1127 * log(1 + f / 700) }
        let melInv = { (m: Double) in 700 * (exp(m / 1127) - 1) }
        let melBank = triangularBank(count: 26, low: 20, high: 8000, freq: freq, toScale: mel, fromScale: melInv)
        var dct = [[Double]](repeating: [Double](repeating: 0, count: 26), count: 4)
        for i in 1...4 {
            let lift = 1 + 11 * sin(Double.pi * Double(i) / 22)
            for j in 0..<26 {
                dct[i - 1][j] = lift * (2.0 / 26).squareRoot() * cos(Double.pi * Double(i) * (Double(j) + 0.5) / 26)
            }
        }
        func band(_ a: Double, _ b: Double, lowInclusive: Bool = true) -> Range<Int> {
            var i0 = Int((a / hz).rounded(.up))
            if !lowInclusive, Double(i0) * hz <= a { i0 += 1 }
            let i1 = min(nb - 1, Int((b / hz).rounded(.down)))
            return i0..<(i1 + 1)
        }
        let alphaLo = band(50, 1000, lowInclusive: false)
        let alphaHi = band(1000, 4999.999)
        let hamLo = band(0, 1999.999)
        let hamHi = band(2000, 5000)
        let sl0 = band(0, 500)
        let sl1 = band(500, 1500)
        func slopeSetup(_ r: Range<Int>) -> (mean: Double, den: Double) {
            let m = r.reduce(0.0) { $0 + freq[$1] } / Double(r.count)
            return (m, r.reduce(0.0) { $0 + pow(freq[$1] - m, 2) })
        }
        let sl0s = slopeSetup(sl0)
        let sl1s = slopeSetup(sl1)

        let n = max(0, count)
        var out = EGeMAPSSpectralLLDs(
            loudness: .init(repeating: 0, count: n), alphaRatio: .init(repeating: 0, count: n),
            hammarberg: .init(repeating: 0, count: n), slope0500: .init(repeating: 0, count: n),
            slope5001500: .init(repeating: 0, count: n), flux: .init(repeating: 0, count: n),
            mfcc: .init(repeating: .init(repeating: 0, count: n), count: 4), rmsEnergy: .init(repeating: 0, count: n))
        var magnitude = [Double](repeating: 0, count: nb)
        var previous = [Double](repeating: 0, count: nb)
        var logp = [Double](repeating: 0, count: nb)
        var melLog = [Double](repeating: 0, count: 26)
        let power = frameFFT.power
        let logBins = min(sl0.lowerBound, sl1.lowerBound)..<max(sl0.upperBound, sl1.upperBound)
        let xs = samples
        for k in 0..<n {
            out.rmsEnergy[k] = xs.withUnsafeBufferPointer { x in
                frameFFT.load(x, frame: k)
                let start = k * hop
                let end = min(x.count, start + frameLength)
                var sum = 0.0
                if start < end { for t in start..<end { sum += x[t] * x[t] } }
                return (sum / Double(frameLength)).squareRoot()
            }
            swap(&magnitude, &previous)
            var total = 0.0
            for f in 0..<nb {
                magnitude[f] = power[f].squareRoot()
                total += power[f]
            }
            for f in logBins { logp[f] = 10 * log10(max(power[f], 1e-20)) }
            if k > 0 {
                var fl = 0.0
                for f in 0..<nb {
                    let d = magnitude[f] - previous[f]
                    fl += d * d
                }
                out.flux[k] = (fl / (Double(frameLength) / 2)).squareRoot()
            }
            guard total > 0 else { continue }
            var loud = 0.0
            for (b, filt) in loudBank.filters.enumerated() {
                var e = 0.0
                for (f, w) in filt { e += w * power[f] }
                loud += pow(eqLoud[b] * e, 0.33)
            }
            out.loudness[k] = loud
            for (b, filt) in melBank.filters.enumerated() {
                var e = 0.0
                for (f, w) in filt { e += w * power[f] }
                melLog[b] = log(max(e, 1e-10))
            }
            for i in 0..<4 {
                var c = 0.0
                for j in 0..<26 { c += dct[i][j] * melLog[j] }
                out.mfcc[i][k] = c
            }
            let lo = alphaLo.reduce(0.0) { $0 + power[$1] }
            let hi = alphaHi.reduce(0.0) { $0 + power[$1] }
            out.alphaRatio[k] = lo > 0 && hi > 0 ? 10 * log10(hi / lo) : 0
            let mlo = hamLo.reduce(0.0) { max($0, power[$1]) }
            let mhi = hamHi.reduce(0.0) { max($0, power[$1]) }
            out.hammarberg[k] = mlo > 0 && mhi > 0 ? 10 * log10(mlo / mhi) : 0
            out.slope0500[k] = sl0.reduce(0.0) { $0 + (freq[$1] - sl0s.mean) * logp[$1] } / sl0s.den
            out.slope5001500[k] = sl1.reduce(0.0) { $0 + (freq[$1] - sl1s.mean) * logp[$1] } / sl1s.den
        }
        return out
    }

    /// Triangular filters with edges equally spaced on a perceptual scale; each filter lists
    /// (bin, weight) pairs with peak weight 1 at the centre.
    static func triangularBank(
        count: Int, low: Double, high: Double, freq: [Double], toScale: (Double) -> Double,
        fromScale: (Double) -> Double
    ) -> (filters: [[(Int, Double)]], centres: [Double]) {
        let a = toScale(low)
        let b = toScale(high)
        let edges = (0...(count + 1)).map { fromScale(a + (b - a) * Double($0) / Double(count + 1)) }
        var filters: [[(Int, Double)]] = []
        for m in 1...count {
            let l = edges[m - 1]
            let c = edges[m]
            let r = edges[m + 1]
            var f: [(Int, Double)] = []
            for (i, fr) in freq.enumerated() where fr > l && fr < r {
                f.append((i, fr <= c ? (fr - l) / (c - l) : (r - fr) / (r - c)))
            }
            filters.append(f)
        }
        return (filters, Array(edges[1...count]))
    }
}
