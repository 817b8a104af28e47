import Foundation

/// Welch's averaged-periodogram power spectral density (Welch 1967), as `scipy.signal.welch`.
///
/// The signal is cut into segments of `segmentLength` samples overlapping by `overlap`; each is
/// detrended, multiplied by the window w and transformed with an `fftLength`-point FFT.
/// Density scaling: P_k = |X_k|² / (fs Σw²) in units²/Hz; spectrum scaling: |X_k|² / (Σw)² in
/// units². One-sided: bins 1…(nfft−1)/2 (excluding Nyquist for even nfft) are doubled. Segments are
/// averaged by mean, or by median divided by the bias factor 1 + Σ_{k=1}^{⌊(n−1)/2⌋} (1/(2k+1) − 1/(2k))
/// (scipy `_median_bias`). Frequencies f_k = k·fs/nfft Hz.
public struct Welch: Sendable, Equatable, Codable {
    public enum Detrend: String, Sendable, Codable { case none, constant, linear }
    public enum Scaling: String, Sendable, Codable { case density, spectrum }
    public enum Average: String, Sendable, Codable { case mean, median }

    public var segmentLength: Int
    public var overlap: Int
    public var fftLength: Int
    public var window: WindowKind
    public var detrend: Detrend
    public var scaling: Scaling
    public var average: Average

    /// scipy defaults: overlap = segmentLength/2, fftLength = segmentLength, Hann, constant detrend,
    /// density, mean.
    public init(
        segmentLength: Int = 256, overlap: Int? = nil, fftLength: Int? = nil, window: WindowKind = .hann,
        detrend: Detrend = .constant, scaling: Scaling = .density, average: Average = .mean
    )
        throws(SignalError)
    {
        guard segmentLength >= 2 else {
            throw .invalidParameter(name: "Welch segment length", value: "\(segmentLength)", expected: "≥ 2")
        }
        let ov = overlap ?? segmentLength / 2
        guard ov >= 0, ov < segmentLength else {
            throw .invalidParameter(name: "Welch overlap", value: "\(ov)", expected: "0 ≤ overlap < segment length")
        }
        let n = fftLength ?? segmentLength
        guard n >= segmentLength else {
            throw .invalidParameter(name: "Welch FFT length", value: "\(n)", expected: "≥ segment length")
        }
        self.segmentLength = segmentLength
        self.overlap = ov
        self.fftLength = n
        self.window = window
        self.detrend = detrend
        self.scaling = scaling
        self.average = average
    }

    /// (frequencies in Hz, PSD) of `signal`.
    public func psd(_ signal: Signal) throws(SignalError) -> (frequencies: [Double], power: [Double]) {
        let x = signal.samples
        try requireFinite(x, what: "Welch input")
        guard x.count >= segmentLength else {
            throw .tooShort(what: "Welch input", count: x.count, needed: segmentLength)
        }
        let fs = signal.sampleRate
        let w = try Window.make(window, length: segmentLength, symmetry: .periodic)
        let fft = try RealFFT.shared(length: fftLength)
        let ws = RealFFT.Workspace(fft)
        let step = segmentLength - overlap
        let nseg = (x.count - segmentLength) / step + 1
        let bins = fft.binCount
        let scale: Double
        switch scaling {
        case .density: scale = 1 / (fs * w.reduce(0) { $0 + $1 * $1 })
        case .spectrum:
            let s = w.reduce(0, +)
            scale = 1 / (s * s)
        }
        var perSegment = [[Double]](repeating: [Double](repeating: 0, count: bins), count: nseg)
        var seg = [Double](repeating: 0, count: segmentLength)
        let tIndex = (0..<segmentLength).map(Double.init)
        for s in 0..<nseg {
            for i in 0..<segmentLength { seg[i] = x[s * step + i] }
            switch detrend {
            case .none: break
            case .constant:
                let m = Stats.mean(seg)
                for i in 0..<segmentLength { seg[i] -= m }
            case .linear:
                let fit = Stats.linearFit(x: tIndex, y: seg)
                for i in 0..<segmentLength { seg[i] -= fit.slope * tIndex[i] + fit.intercept }
            }
            for i in 0..<fftLength { ws.input[i] = i < segmentLength ? seg[i] * w[i] : 0 }
            ws.executeForward()
            for k in 0..<bins {
                var p = (ws.re(k) * ws.re(k) + ws.im(k) * ws.im(k)) * scale
                let isNyquist = fftLength % 2 == 0 && k == bins - 1
                if k > 0 && !isNyquist { p *= 2 }
                perSegment[s][k] = p
            }
        }
        var power = [Double](repeating: 0, count: bins)
        for k in 0..<bins {
            let column = perSegment.map { $0[k] }
            switch average {
            case .mean: power[k] = Stats.mean(column)
            case .median: power[k] = Stats.median(column) / Welch.medianBias(nseg)
            }
        }
        let freqs = (0..<bins).map { Double($0) * fs / Double(fftLength) }
        return (freqs, power)
    }

    static func medianBias(_ n: Int) -> Double {
        var s = 1.0
        if (n - 1) / 2 >= 1 {
            for k in 1...((n - 1) / 2) { s += 1 / Double(2 * k + 1) - 1 / Double(2 * k) }
        }
        return s
    }
}
