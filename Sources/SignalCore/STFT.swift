/// A short-time Fourier transform with explicit framing.
///
/// Frame k takes samples [k·hop, k·hop + frameLength) (after optional centre padding), multiplies
/// them by the analysis window w, zero-pads to `fftLength` and applies `RealFFT`:
/// S[k, f] = Σ_t w_t x_{k·hop + t} e^{−2πi f t / fftLength}, f = 0…fftLength/2, bin frequency
/// f·rate/fftLength Hz. With `centrePad == true` the signal is first reflect-padded by
/// fftLength/2 on both sides (librosa `center=True, pad_mode="reflect"`), so frame k is centred at
/// sample k·hop. Power is |S|² (no scaling), as numpy's `abs(rfft(w*x, n))**2`.
public struct STFT: Sendable, Equatable, Codable {
    public var frameLength: Int
    public var hop: Int
    public var fftLength: Int
    public var window: WindowKind
    public var centrePad: Bool

    public init(frameLength: Int, hop: Int, fftLength: Int? = nil, window: WindowKind = .hann, centrePad: Bool = false)
        throws(SignalError)
    {
        guard frameLength >= 1 else {
            throw .invalidParameter(name: "frameLength", value: "\(frameLength)", expected: "≥ 1 sample")
        }
        guard hop >= 1 else { throw .invalidParameter(name: "hop", value: "\(hop)", expected: "≥ 1 sample") }
        let n = fftLength ?? STFT.nextPowerOfTwo(frameLength)
        guard n >= frameLength else {
            throw .invalidParameter(name: "fftLength", value: "\(n)", expected: "≥ frameLength (\(frameLength))")
        }
        self.frameLength = frameLength
        self.hop = hop
        self.fftLength = n
        self.window = window
        self.centrePad = centrePad
    }

    /// Smallest power of two ≥ n.
    public static func nextPowerOfTwo(_ n: Int) -> Int {
        var p = 1
        while p < n { p <<= 1 }
        return p
    }

    func prepared(_ signal: Signal) throws(SignalError) -> [Double] {
        try requireFinite(signal.samples, what: "STFT input")
        guard centrePad else { return signal.samples }
        let pad = fftLength / 2
        let x = signal.samples
        guard x.count > pad else {
            throw .tooShort(what: "STFT input (reflect padding)", count: x.count, needed: pad + 1)
        }
        var out = [Double]()
        out.reserveCapacity(x.count + 2 * pad)
        for i in stride(from: pad, through: 1, by: -1) { out.append(x[i]) }
        out.append(contentsOf: x)
        for i in 1...pad { out.append(x[x.count - 1 - i]) }
        return out
    }

    func frameCount(_ n: Int) -> Int { n < frameLength ? 0 : 1 + (n - frameLength) / hop }

    /// Time in seconds of frame k's centre on the signal's timeline.
    public func frameTime(_ k: Int, signal: Signal) -> Double {
        let centre = centrePad ? Double(k * hop) : Double(k * hop) + Double(frameLength) / 2
        return signal.startTime + centre / signal.sampleRate
    }

    /// Power spectrogram |S|², frames × (fftLength/2 + 1).
    public func power(_ signal: Signal) throws(SignalError) -> Spectrogram {
        var values: [Double] = []
        return try power(signal, into: &values)
    }

    /// Power spectrogram written into `values` (resized to frames × bins, its capacity reused), so a
    /// pipeline analysing many recordings does not allocate and page-fault a fresh buffer each time.
    /// The returned spectrogram shares the storage copy-on-write: drop the previous result before
    /// reusing `values`, or the next write copies it.
    public func power(_ signal: Signal, into values: inout [Double]) throws(SignalError) -> Spectrogram {
        let x = try prepared(signal)
        let frames = frameCount(x.count)
        let fft = try RealFFT.shared(length: fftLength)
        let bins = fft.binCount
        let w = try Window.make(window, length: frameLength, symmetry: .periodic)
        let ws = RealFFT.Workspace(fft)
        let total = frames * bins
        if values.count > total {
            values.removeLast(values.count - total)
        } else if values.count < total {
            values.reserveCapacity(total)
            values.append(contentsOf: repeatElement(0, count: total - values.count))
        }
        x.withUnsafeBufferPointer { xp in
            w.withUnsafeBufferPointer { wp in
                values.withUnsafeMutableBufferPointer { vp in
                    for k in 0..<frames {
                        let base = k * hop
                        for t in 0..<frameLength { ws.input[t] = wp[t] * xp[base + t] }
                        ws.executeForward()
                        ws.power(into: vp.baseAddress! + k * bins)
                    }
                }
            }
        }
        return Spectrogram(
            frameCount: frames, binCount: bins, values: values,
            times: (0..<frames).map { frameTime($0, signal: signal) },
            binHz: signal.sampleRate / Double(fftLength))
    }

    /// Complex STFT, frames × (fftLength/2 + 1).
    public func complex(_ signal: Signal) throws(SignalError) -> ComplexSpectrogram {
        let x = try prepared(signal)
        let frames = frameCount(x.count)
        let fft = try RealFFT.shared(length: fftLength)
        let bins = fft.binCount
        let w = try Window.make(window, length: frameLength, symmetry: .periodic)
        var re = [Double](repeating: 0, count: frames * bins)
        var im = [Double](repeating: 0, count: frames * bins)
        let ws = RealFFT.Workspace(fft)
        for k in 0..<frames {
            let base = k * hop
            for t in 0..<frameLength { ws.input[t] = w[t] * x[base + t] }
            ws.executeForward()
            for f in 0..<bins {
                re[k * bins + f] = ws.re(f)
                im[k * bins + f] = ws.im(f)
            }
        }
        return ComplexSpectrogram(frameCount: frames, binCount: bins, re: re, im: im)
    }

    /// Inverse STFT by weighted overlap-add (Griffin & Lim 1984):
    /// x_t = Σ_k w_{t−k·hop} y_k(t − k·hop) / Σ_k w²_{t−k·hop}, where y_k is the inverse FFT of frame k.
    /// Samples where Σ w² < 1e-10 (uncovered edges) are left 0. With `centrePad` the padding is
    /// removed. `length` is the number of samples of the original signal.
    public func inverse(_ s: ComplexSpectrogram, length: Int) throws(SignalError) -> [Double] {
        let fft = try RealFFT.shared(length: fftLength)
        guard s.binCount == fft.binCount else {
            throw .mismatch(what: "inverse STFT", detail: "\(s.binCount) bins, expected \(fft.binCount)")
        }
        let w = try Window.make(window, length: frameLength, symmetry: .periodic)
        let pad = centrePad ? fftLength / 2 : 0
        let total = max(length + 2 * pad, (s.frameCount - 1) * hop + frameLength)
        var acc = [Double](repeating: 0, count: total)
        var norm = [Double](repeating: 0, count: total)
        let ws = RealFFT.Workspace(fft)
        let scale = 1 / Double(fftLength)
        for k in 0..<s.frameCount {
            for f in 0..<s.binCount { ws.setBin(f, re: s.re[k * s.binCount + f], im: s.im[k * s.binCount + f]) }
            ws.executeInverse()
            let base = k * hop
            for t in 0..<frameLength {
                acc[base + t] += w[t] * ws.input[t] * scale
                norm[base + t] += w[t] * w[t]
            }
        }
        var out = [Double](repeating: 0, count: length)
        for i in 0..<length where i + pad < total {
            let d = norm[i + pad]
            out[i] = d > 1e-10 ? acc[i + pad] / d : 0
        }
        return out
    }
}

/// Power (or magnitude) values of an STFT, stored frame-major: `values[k * binCount + f]`.
public struct Spectrogram: Sendable, Equatable {
    public let frameCount: Int
    public let binCount: Int
    public var values: [Double]
    /// Frame centre times in seconds.
    public let times: [Double]
    /// Spacing of frequency bins in Hz (rate / fftLength).
    public let binHz: Double

    public subscript(frame: Int, bin: Int) -> Double { values[frame * binCount + bin] }
    /// Centre frequency of bin f in Hz.
    public func frequency(ofBin f: Int) -> Double { Double(f) * binHz }
}

/// Complex STFT values, frame-major.
public struct ComplexSpectrogram: Sendable, Equatable {
    public let frameCount: Int
    public let binCount: Int
    public var re: [Double]
    public var im: [Double]
}
