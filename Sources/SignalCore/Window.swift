import Foundation

/// Window functions for spectral analysis.
///
/// Definitions (n = 0…N−1, with M = N for `.periodic` and M = N−1 for `.symmetric`):
/// - rectangular: w = 1
/// - hann: w = 0.5 − 0.5 cos(2πn/M)
/// - hamming: w = 0.54 − 0.46 cos(2πn/M)
/// - blackman: w = 0.42 − 0.5 cos(2πn/M) + 0.08 cos(4πn/M)
/// - gaussian(σ): w = exp(−½ ((n − M/2)/(σ·M/2))²), σ relative to half the window (Praat/openSMILE
///   style; σ = 0.4 is openSMILE's default `gauss` window)
///
/// Same as `scipy.signal.get_window(name, N, fftbins=periodic)` for hann/hamming/blackman/boxcar.
/// Periodic windows are for spectral analysis (DFT-even), symmetric for filter design.
public enum WindowKind: Sendable, Equatable, Hashable, Codable {
    case rectangular
    case hann
    case hamming
    case blackman
    case gaussian(sigma: Double)
}

/// Whether a window is DFT-periodic (denominator N) or symmetric (denominator N−1).
public enum WindowSymmetry: String, Sendable, Codable {
    case periodic
    case symmetric
}

/// Builds window coefficients.
public enum Window {
    /// Coefficients of `kind` with `length` points (dimensionless, peak ≈ 1).
    public static func make(_ kind: WindowKind, length: Int, symmetry: WindowSymmetry = .periodic)
        throws(SignalError) -> [Double]
    {
        guard length > 0 else {
            throw .invalidParameter(name: "window length", value: "\(length)", expected: "≥ 1")
        }
        if length == 1 { return [1] }
        let m = Double(symmetry == .periodic ? length : length - 1)
        var w = [Double](repeating: 0, count: length)
        switch kind {
        case .rectangular:
            for i in 0..<length { w[i] = 1 }
        case .hann:
            for i in 0..<length { w[i] = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / m) }
        case .hamming:
            for i in 0..<length { w[i] = 0.54 - 0.46 * cos(2 * Double.pi * Double(i) / m) }
        case .blackman:
            for i in 0..<length {
                let x = 2 * Double.pi * Double(i) / m
                w[i] = 0.42 - 0.5 * cos(x) + 0.08 * cos(2 * x)
            }
        case .gaussian(let sigma):
            guard sigma.isFinite, sigma > 0 else {
                throw .invalidParameter(name: "gaussian sigma", value: "\(sigma)", expected: "> 0")
            }
            let half = m / 2
            for i in 0..<length {
                let z = (Double(i) - half) / (sigma * half)
                w[i] = exp(-0.5 * z * z)
            }
        }
        return w
    }
}
