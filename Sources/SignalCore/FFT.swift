internal import CFFTW
import Synchronization

/// A one-sided complex spectrum of a real signal: `re[k] + i·im[k]` for k = 0…n/2.
public struct ComplexSpectrum: Sendable, Equatable {
    public var re: [Double]
    public var im: [Double]
    public init(re: [Double], im: [Double]) {
        self.re = re
        self.im = im
    }
    /// Number of bins (n/2 + 1 for a length-n transform).
    public var count: Int { re.count }
    /// |X_k|² per bin.
    public var power: [Double] { (0..<re.count).map { re[$0] * re[$0] + im[$0] * im[$0] } }
    /// |X_k| per bin.
    public var magnitude: [Double] { (0..<re.count).map { (re[$0] * re[$0] + im[$0] * im[$0]).squareRoot() } }
}

/// A real-input discrete Fourier transform of fixed length `n`, executed by FFTW.
///
/// Forward: X_k = Σ_{t=0}^{n−1} x_t e^{−2πi kt/n}, k = 0…⌊n/2⌋ (unnormalised, as numpy.fft.rfft).
/// Inverse: x_t = (1/n) Σ_k X_k e^{2πi kt/n} (normalised, as numpy.fft.irfft), so
/// `inverse(forward(x)) == x` up to rounding. Any n ≥ 1 (even, odd, prime) is allowed.
///
/// Instances are immutable and safe to share between tasks: plans are created under the planner
/// lock and executed with the new-array interface on `fftw_alloc_*` scratch, which FFTW documents
/// as thread-safe.
public final class RealFFT: @unchecked Sendable {
    // @unchecked: the two plan pointers are written once in init and only read afterwards;
    // fftw_execute_dft_r2c/c2r on caller-owned buffers is thread-safe (FFTW manual §5.4).
    public let length: Int
    /// Number of one-sided bins, n/2 + 1.
    public let binCount: Int
    let forwardPlan: OpaquePointer
    let inversePlan: OpaquePointer

    public init(length: Int) throws(SignalError) {
        guard length >= 1, length <= Int(Int32.max) else {
            throw .invalidParameter(name: "FFT length", value: "\(length)", expected: "1 … 2^31−1")
        }
        self.length = length
        self.binCount = length / 2 + 1
        let n = length
        let bins = n / 2 + 1
        let plans: (OpaquePointer?, OpaquePointer?) = FFTPlanning.lock.withLock { _ in
            let real = fftw_alloc_real(n)!
            let cplx = fftw_alloc_complex(bins)!
            defer {
                fftw_free(real)
                fftw_free(cplx)
            }
            let f = fftw_plan_dft_r2c_1d(Int32(n), real, cplx, FFTPlanning.flags)
            let i = fftw_plan_dft_c2r_1d(Int32(n), cplx, real, FFTPlanning.flags)
            return (f, i)
        }
        guard let f = plans.0, let i = plans.1 else {
            throw .invalidParameter(name: "FFT length", value: "\(length)", expected: "a length FFTW can plan")
        }
        forwardPlan = f
        inversePlan = i
    }

    deinit {
        let f = forwardPlan
        let i = inversePlan
        FFTPlanning.lock.withLock { _ in
            fftw_destroy_plan(f)
            fftw_destroy_plan(i)
        }
    }

    /// Forward transform of `x` (length must equal `length`).
    public func forward(_ x: [Double]) throws(SignalError) -> ComplexSpectrum {
        guard x.count == length else {
            throw .mismatch(what: "FFT input", detail: "length \(x.count), plan length \(length)")
        }
        let ws = Workspace(self)
        x.withUnsafeBufferPointer { ws.input.update(from: $0.baseAddress!, count: length) }
        ws.executeForward()
        var re = [Double](repeating: 0, count: binCount)
        var im = [Double](repeating: 0, count: binCount)
        for k in 0..<binCount {
            re[k] = ws.output[k].0
            im[k] = ws.output[k].1
        }
        return ComplexSpectrum(re: re, im: im)
    }

    /// Inverse transform (normalised by 1/n) of a one-sided spectrum with `binCount` bins.
    ///
    /// The imaginary parts of bin 0 (and of bin n/2 for even n) are ignored, as in numpy.fft.irfft.
    public func inverse(_ spectrum: ComplexSpectrum) throws(SignalError) -> [Double] {
        guard spectrum.re.count == binCount, spectrum.im.count == binCount else {
            throw .mismatch(what: "inverse FFT input", detail: "\(spectrum.re.count) bins, expected \(binCount)")
        }
        let ws = Workspace(self)
        for k in 0..<binCount { ws.output[k] = (spectrum.re[k], spectrum.im[k]) }
        ws.executeInverse()
        let scale = 1 / Double(length)
        return (0..<length).map { ws.input[$0] * scale }
    }

    /// Aligned scratch buffers for repeated transforms by one task (not shareable between tasks).
    ///
    /// `input` holds n reals, the spectrum n/2+1 complex bins as (re, im) pairs. The bin accessors
    /// and the bulk operations below are `@inlinable`, so per-bin loops in other modules compile to
    /// plain loads and stores (no call per bin).
    public final class Workspace {
        public let fft: RealFFT
        public let input: UnsafeMutablePointer<Double>
        /// The n/2+1 bins (FFTW's `fftw_complex` is the tuple `(Double, Double)`, re then im).
        @usableFromInline let output: UnsafeMutablePointer<(Double, Double)>
        /// n/2+1.
        @usableFromInline let binCount: Int

        public init(_ fft: RealFFT) {
            self.fft = fft
            binCount = fft.binCount
            input = fftw_alloc_real(fft.length)!
            input.initialize(repeating: 0, count: fft.length)
            output = fftw_alloc_complex(fft.binCount)!
            output.initialize(repeating: (0, 0), count: fft.binCount)
        }

        deinit {
            fftw_free(input)
            fftw_free(output)
        }

        /// `input` → one-sided spectrum held internally.
        public func executeForward() { fftw_execute_dft_r2c(fft.forwardPlan, input, output) }

        /// Internal spectrum → `input` (unnormalised; the spectrum is destroyed, as FFTW's c2r does).
        public func executeInverse() { fftw_execute_dft_c2r(fft.inversePlan, output, input) }

        /// Real part of bin k after `executeForward`.
        @inlinable public func re(_ k: Int) -> Double { output[k].0 }
        /// Imaginary part of bin k after `executeForward`.
        @inlinable public func im(_ k: Int) -> Double { output[k].1 }
        /// Sets bin k before `executeInverse`.
        @inlinable public func setBin(_ k: Int, re: Double, im: Double) { output[k] = (re, im) }

        /// Writes |X_k|² for k = 0…n/2 into `destination` (after `executeForward`).
        @inlinable public func power(into destination: UnsafeMutablePointer<Double>) {
            for k in 0..<binCount {
                let (r, i) = output[k]
                destination[k] = r * r + i * i
            }
        }

        /// Replaces every bin by its power: X_k ← |X_k|² + 0i (after `executeForward`). Followed by
        /// `executeInverse`, gives n·r(τ), the circular autocorrelation of `input` (Wiener–Khinchin).
        @inlinable public func replaceByPower() {
            for k in 0..<binCount {
                let (r, i) = output[k]
                output[k] = (r * r + i * i, 0)
            }
        }

        /// Copies the spectrum out: `re[k]`, `im[k]` for k = 0…n/2 (after `executeForward`).
        @inlinable public func copySpectrum(re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>) {
            for k in 0..<binCount {
                let (r, i) = output[k]
                re[k] = r
                im[k] = i
            }
        }

        /// Multiplies every bin by the conjugate of a stored spectrum A (`aRe`, `aIm`, n/2+1 values):
        /// X_k ← conj(A_k)·X_k = (a_r·x_r + a_i·x_i) + i(a_r·x_i − a_i·x_r). Followed by
        /// `executeInverse`, gives n·c(τ) with c(τ) = Σ_t a_t x_{t+τ} (circular cross-correlation).
        @inlinable public func multiplyByConjugate(re aRe: UnsafePointer<Double>, im aIm: UnsafePointer<Double>) {
            for k in 0..<binCount {
                let (xr, xi) = output[k]
                let ar = aRe[k]
                let ai = aIm[k]
                output[k] = (ar * xr + ai * xi, ar * xi - ai * xr)
            }
        }
    }

    // MARK: shared plans

    private static let cache = Mutex<[Int: RealFFT]>([:])

    /// A process-wide cached transform of `length` (plan once, execute many).
    public static func shared(length: Int) throws(SignalError) -> RealFFT {
        if let hit = cache.withLock({ $0[length] }) { return hit }
        let made = try RealFFT(length: length)
        return cache.withLock { c in
            if let hit = c[length] { return hit }
            c[length] = made
            return made
        }
    }
}

/// A complex-to-complex DFT of length n (FFTW), forward X_k = Σ x_t e^{−2πi kt/n} (unnormalised)
/// and inverse with 1/n, as numpy.fft.fft/ifft.
public final class ComplexFFT: @unchecked Sendable {
    // @unchecked: plan pointers are immutable after init; new-array execution is thread-safe.
    public let length: Int
    let forwardPlan: OpaquePointer
    let inversePlan: OpaquePointer

    public init(length: Int) throws(SignalError) {
        guard length >= 1, length <= Int(Int32.max) else {
            throw .invalidParameter(name: "FFT length", value: "\(length)", expected: "1 … 2^31−1")
        }
        self.length = length
        let n = length
        let plans: (OpaquePointer?, OpaquePointer?) = FFTPlanning.lock.withLock { _ in
            let a = fftw_alloc_complex(n)!
            let b = fftw_alloc_complex(n)!
            defer {
                fftw_free(a)
                fftw_free(b)
            }
            return (
                fftw_plan_dft_1d(Int32(n), a, b, FFTW_FORWARD, FFTPlanning.flags),
                fftw_plan_dft_1d(Int32(n), a, b, FFTW_BACKWARD, FFTPlanning.flags)
            )
        }
        guard let f = plans.0, let i = plans.1 else {
            throw .invalidParameter(name: "FFT length", value: "\(length)", expected: "a length FFTW can plan")
        }
        forwardPlan = f
        inversePlan = i
    }

    deinit {
        let f = forwardPlan
        let i = inversePlan
        FFTPlanning.lock.withLock { _ in
            fftw_destroy_plan(f)
            fftw_destroy_plan(i)
        }
    }

    /// Forward (`inverse == false`, unnormalised) or inverse (normalised by 1/n) transform.
    public func transform(re: [Double], im: [Double], inverse: Bool = false) throws(SignalError)
        -> (re: [Double], im: [Double])
    {
        guard re.count == length, im.count == length else {
            throw .mismatch(what: "complex FFT input", detail: "lengths \(re.count)/\(im.count), plan \(length)")
        }
        let a = fftw_alloc_complex(length)!
        let b = fftw_alloc_complex(length)!
        defer {
            fftw_free(a)
            fftw_free(b)
        }
        for t in 0..<length { a[t] = (re[t], im[t]) }
        fftw_execute_dft(inverse ? inversePlan : forwardPlan, a, b)
        let s = inverse ? 1 / Double(length) : 1
        return ((0..<length).map { b[$0].0 * s }, (0..<length).map { b[$0].1 * s })
    }
}
