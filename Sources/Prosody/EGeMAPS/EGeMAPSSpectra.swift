import SignalCore

/// Short-time magnitude spectra on openSMILE's left-aligned frame grid.
///
/// Frame k covers samples [k·hop, k·hop + L) of the 16 kHz signal (zero beyond the end), is
/// multiplied by the window w and zero-padded to the next power of two n ≥ L:
/// |X_k(f)| = |Σ_t w_t x_{k·hop+t} e^{−2πi f t/n}|, f = 0…n/2, bin spacing rate/n Hz (unnormalised,
/// as numpy's `abs(rfft(w·x, n))`). Shape: `count` × `bins`, row-major in `values`.
struct EGeMAPSSpectra {
    let count: Int
    let bins: Int
    let fftLength: Int
    let binHz: Double
    var values: [Double]

    @inline(__always) func row(_ k: Int) -> ArraySlice<Double> { values[(k * bins)..<((k + 1) * bins)] }

    /// Windowed frames of `samples`: `count` frames of `window.count` samples every `hop` samples.
    /// Also returns the raw (unwindowed) frame energy Σ x² per frame in `energies` when asked.
    static func compute(
        samples: [Double], count: Int, hop: Int, window: [Double], rate: Double, fftLength: Int? = nil
    ) throws(EGeMAPSError) -> EGeMAPSSpectra {
        let length = window.count
        let n = fftLength ?? STFT.nextPowerOfTwo(length)
        let fft: RealFFT
        do { fft = try RealFFT.shared(length: n) } catch { throw .signal(error) }
        let ws = RealFFT.Workspace(fft)
        let bins = n / 2 + 1
        var out = [Double](repeating: 0, count: max(0, count) * bins)
        let total = samples.count
        samples.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for k in 0..<max(0, count) {
                    let s = k * hop
                    for t in 0..<length {
                        let i = s + t
                        ws.input[t] = i < total ? x[i] * window[t] : 0
                    }
                    for t in length..<n { ws.input[t] = 0 }
                    ws.executeForward()
                    let base = k * bins
                    for f in 0..<bins {
                        let r = ws.re(f)
                        let im = ws.im(f)
                        o[base + f] = (r * r + im * im).squareRoot()
                    }
                }
            }
        }
        return EGeMAPSSpectra(count: max(0, count), bins: bins, fftLength: n, binHz: rate / Double(n), values: out)
    }
}
