internal import CFFTW
import Synchronization

/// Single-precision real FFT of fixed length n (fftw3f), for large spectrograms where float32 power
/// is enough (spectral descriptors, plots) and memory bandwidth dominates. Same conventions as
/// `RealFFT` (unnormalised forward, n/2+1 bins); plans under the shared planner lock with
/// `FFTW_ESTIMATE`.
public final class RealFFTFloat: @unchecked Sendable {
    // @unchecked: the plan pointer is immutable after init; fftwf_execute_dft_r2c on caller-owned
    // fftwf_alloc buffers is thread-safe (FFTW manual §5.4).
    public let length: Int
    public let binCount: Int
    let plan: OpaquePointer

    public init(length: Int) throws(SignalError) {
        guard length >= 1, length <= Int(Int32.max) else {
            throw .invalidParameter(name: "FFT length", value: "\(length)", expected: "1 … 2^31−1")
        }
        self.length = length
        binCount = length / 2 + 1
        let n = length
        let bins = binCount
        let made: OpaquePointer? = FFTPlanning.lock.withLock { _ in
            let r = fftwf_alloc_real(n)!
            let c = fftwf_alloc_complex(bins)!
            defer {
                fftwf_free(r)
                fftwf_free(c)
            }
            return fftwf_plan_dft_r2c_1d(Int32(n), r, c, FFTPlanning.flags)
        }
        guard let p = made else {
            throw .invalidParameter(name: "FFT length", value: "\(length)", expected: "a length FFTW can plan")
        }
        plan = p
    }

    deinit {
        let p = plan
        FFTPlanning.lock.withLock { _ in fftwf_destroy_plan(p) }
    }

    private static let cache = Mutex<[Int: RealFFTFloat]>([:])

    /// A process-wide cached transform of `length`.
    public static func shared(length: Int) throws(SignalError) -> RealFFTFloat {
        if let hit = cache.withLock({ $0[length] }) { return hit }
        let made = try RealFFTFloat(length: length)
        return cache.withLock { c in
            if let hit = c[length] { return hit }
            c[length] = made
            return made
        }
    }

    /// Aligned scratch for one task: `input` (n floats, zero beyond what the caller writes).
    public final class Workspace {
        public let fft: RealFFTFloat
        public let input: UnsafeMutablePointer<Float>
        let output: UnsafeMutablePointer<fftwf_complex>

        public init(_ fft: RealFFTFloat) {
            self.fft = fft
            input = fftwf_alloc_real(fft.length)!
            input.initialize(repeating: 0, count: fft.length)
            output = fftwf_alloc_complex(fft.binCount)!
            output.initialize(repeating: (0, 0), count: fft.binCount)
        }

        deinit {
            fftwf_free(input)
            fftwf_free(output)
        }

        public func executeForward() { fftwf_execute_dft_r2c(fft.plan, input, output) }

        /// |X_k|² into `destination[0…n/2]`.
        public func power(into destination: UnsafeMutablePointer<Float>) {
            for k in 0..<fft.binCount {
                let (r, i) = output[k]
                destination[k] = r * r + i * i
            }
        }
    }
}

/// A single-precision power spectrogram, frame-major (`values[k * binCount + f]`).
public struct FloatSpectrogram: Sendable, Equatable {
    public let frameCount: Int
    public let binCount: Int
    public var values: [Float]
    /// Frame centre times in seconds.
    public let times: [Double]
    /// Spacing of frequency bins in Hz.
    public let binHz: Double

    public subscript(frame: Int, bin: Int) -> Float { values[frame * binCount + bin] }
}

extension STFT {
    /// Power spectrogram |S|² in single precision (fftw3f): the same frames and definition as
    /// `power(_:)`, with float32 rounding (relative error ~1e-6 against the double path).
    public func powerFloat(_ signal: Signal) throws(SignalError) -> FloatSpectrogram {
        let x = try prepared(signal)
        let frames = frameCount(x.count)
        let fft = try RealFFTFloat.shared(length: fftLength)
        let bins = fft.binCount
        let w = try Window.make(window, length: frameLength, symmetry: .periodic)
        let ws = RealFFTFloat.Workspace(fft)
        let values = [Float](unsafeUninitializedCapacity: frames * bins) { vp, count in
            x.withUnsafeBufferPointer { xp in
                w.withUnsafeBufferPointer { wp in
                    for k in 0..<frames {
                        let base = k * hop
                        for t in 0..<frameLength { ws.input[t] = Float(wp[t] * xp[base + t]) }
                        ws.executeForward()
                        ws.power(into: vp.baseAddress! + k * bins)
                    }
                }
            }
            count = frames * bins
        }
        return FloatSpectrogram(
            frameCount: frames, binCount: bins, values: values,
            times: (0..<frames).map { frameTime($0, signal: signal) },
            binHz: signal.sampleRate / Double(fftLength))
    }
}
