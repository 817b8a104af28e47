import SignalCore

/// One windowed short-time transform per frame, on openSMILE's left-aligned frame grid, with
/// reused FFT buffers (no per-frame allocation).
///
/// Frame k covers samples [k·hop, k·hop + L) of the 16 kHz signal (zero beyond the end), is
/// multiplied by the window w (length L) and zero-padded to n ≥ L:
/// X_k(f) = Σ_t w_t x_{k·hop+t} e^{−2πi f t/n}, f = 0…n/2 (unnormalised, as numpy's
/// `rfft(w·x, n)`), bin spacing rate/n Hz. The windowed frame y stays in the transform's input, so
/// autocorrelation values r(l) = Σ_t y_t y_{t+l} are computed directly at the few lags needed
/// (`lagProduct`), which is cheaper than an inverse transform of |X|² when only 3–6 lags are used.
final class EGeMAPSFrameFFT {
    let window: [Double]
    let hop: Int
    let fftLength: Int
    let workspace: RealFFT.Workspace
    /// |X(f)|², f = 0…n/2, after `load` or `transform`.
    let power: UnsafeMutablePointer<Double>
    var binCount: Int { fftLength / 2 + 1 }

    init(window: [Double], hop: Int, fftLength: Int) throws(EGeMAPSError) {
        self.window = window
        self.hop = hop
        self.fftLength = fftLength
        let fft: RealFFT
        do { fft = try RealFFT.shared(length: fftLength) } catch { throw .signal(error) }
        workspace = RealFFT.Workspace(fft)
        power = .allocate(capacity: fftLength / 2 + 1)
        power.initialize(repeating: 0, count: fftLength / 2 + 1)
    }

    deinit { power.deallocate() }

    /// Windows frame k of `samples`, transforms it and fills `power`.
    func load(_ samples: UnsafeBufferPointer<Double>, frame k: Int) {
        _ = windowFrame(samples, frame: k)
        transform()
    }

    /// Writes the windowed frame k (zero-padded) into the transform's input; returns its energy
    /// Σ (w·x)². The input stays intact after `transform` (FFTW's out-of-place r2c preserves it).
    @discardableResult
    func windowFrame(_ samples: UnsafeBufferPointer<Double>, frame k: Int) -> Double {
        let start = k * hop
        let length = window.count
        let input = workspace.input
        let available = max(0, min(length, samples.count - start))
        var energy = 0.0
        if available > 0, let base = samples.baseAddress {
            windowSamples(base + start, count: available, into: input, energy: &energy)
        }
        for t in available..<fftLength { input[t] = 0 }
        return energy
    }

    /// input[t] = x[t]·w[t] for t < count and returns Σ input[t]² in `energy`.
    private func windowSamples(
        _ x: UnsafePointer<Double>, count available: Int, into input: UnsafeMutablePointer<Double>,
        energy: inout Double
    ) {
        window.withUnsafeBufferPointer { w in
            let xs = UnsafeRawPointer(x)
            let ws = UnsafeRawPointer(w.baseAddress!)
            let out = UnsafeMutableRawPointer(input)
            var e0 = SIMD4<Double>()
            var e1 = SIMD4<Double>()
            var t = 0
            while t + 8 <= available {
                let v0 =
                    xs.loadUnaligned(fromByteOffset: t * 8, as: SIMD4<Double>.self)
                    * ws.loadUnaligned(fromByteOffset: t * 8, as: SIMD4<Double>.self)
                let v1 =
                    xs.loadUnaligned(fromByteOffset: (t + 4) * 8, as: SIMD4<Double>.self)
                    * ws.loadUnaligned(fromByteOffset: (t + 4) * 8, as: SIMD4<Double>.self)
                out.storeBytes(of: v0, toByteOffset: t * 8, as: SIMD4<Double>.self)
                out.storeBytes(of: v1, toByteOffset: (t + 4) * 8, as: SIMD4<Double>.self)
                e0 += v0 * v0
                e1 += v1 * v1
                t += 8
            }
            energy = (e0 + e1).sum()
            while t < available {
                let v = x[t] * w[t]
                input[t] = v
                energy += v * v
                t += 1
            }
        }
    }

    /// Transforms the windowed frame and fills `power`.
    func transform() {
        workspace.executeForward()
        workspace.power(into: power)
    }

    /// r(l) = Σ_t y_t y_{t+l} of the windowed frame y in the input (after `windowFrame`), computed
    /// directly (four-lane SIMD sums).
    func lagProduct(_ l: Int) -> Double {
        let n = window.count - l
        guard n > 0 else { return 0 }
        let y = UnsafeRawPointer(workspace.input)
        var acc0 = SIMD4<Double>()
        var acc1 = SIMD4<Double>()
        var t = 0
        while t + 8 <= n {
            let a0 = y.loadUnaligned(fromByteOffset: t * 8, as: SIMD4<Double>.self)
            let b0 = y.loadUnaligned(fromByteOffset: (t + l) * 8, as: SIMD4<Double>.self)
            let a1 = y.loadUnaligned(fromByteOffset: (t + 4) * 8, as: SIMD4<Double>.self)
            let b1 = y.loadUnaligned(fromByteOffset: (t + l + 4) * 8, as: SIMD4<Double>.self)
            acc0 += a0 * b0
            acc1 += a1 * b1
            t += 8
        }
        var sum = (acc0 + acc1).sum()
        let input = workspace.input
        while t < n {
            sum += input[t] * input[t + l]
            t += 1
        }
        return sum
    }

    /// The local maximum of f(l) (l in [a, b]) reached by hill-climbing from `start`, with its value.
    /// For the autocorrelation near a known period this finds the peak with 3–6 evaluations
    /// instead of scanning the whole interval; it equals the interval's maximum whenever the
    /// peak is the only one in the interval.
    static func climb(from start: Int, in a: Int, _ b: Int, _ f: (Int) -> Double) -> (lag: Int, value: Double) {
        var l = min(max(start, a), b)
        var v = f(l)
        var step = 0
        if l < b {
            let up = f(l + 1)
            if up > v {
                l += 1
                v = up
                step = 1
            }
        }
        if step == 0, l > a {
            let down = f(l - 1)
            if down > v {
                l -= 1
                v = down
                step = -1
            }
        }
        guard step != 0 else { return (l, v) }
        while l + step >= a, l + step <= b {
            let next = f(l + step)
            guard next > v else { break }
            l += step
            v = next
        }
        return (l, v)
    }
}
