import Foundation

/// Filtering with second-order sections, as scipy.signal `sosfilt`, `sosfilt_zi` and `sosfiltfilt`.
///
/// Each section runs in transposed direct form II:
/// y_n = b0 x_n + s1; s1 ← b1 x_n − a1 y_n + s2; s2 ← b2 x_n − a2 y_n.
public enum SOSFilter {
    /// Causal filtering with optional initial state `zi` (one [s1, s2] per section).
    public static func filter(_ sos: SecondOrderSections, _ x: [Double], zi: [[Double]]? = nil) throws(SignalError)
        -> (y: [Double], zf: [[Double]])
    {
        try validate(sos)
        if let z = zi, z.count != sos.sections.count || z.contains(where: { $0.count != 2 }) {
            throw .mismatch(what: "initial filter state", detail: "expected \(sos.sections.count) × 2 values")
        }
        var y = x
        var state = zi ?? Array(repeating: [0, 0], count: sos.sections.count)
        for (s, c) in sos.sections.enumerated() {
            let (b0, b1, b2, a1, a2) = (c[0] / c[3], c[1] / c[3], c[2] / c[3], c[4] / c[3], c[5] / c[3])
            var s1 = state[s][0]
            var s2 = state[s][1]
            y.withUnsafeMutableBufferPointer { yp in
                for n in 0..<yp.count {
                    let xn = yp[n]
                    let yn = b0 * xn + s1
                    s1 = b1 * xn - a1 * yn + s2
                    s2 = b2 * xn - a2 * yn
                    yp[n] = yn
                }
            }
            state[s] = [s1, s2]
        }
        return (y, state)
    }

    /// Steady-state initial conditions for a unit step input (scipy `sosfilt_zi`): per section the
    /// solution of (I − Aᵀ) zi = b[1:] − a[1:]·b0 scaled by the DC gain of the preceding sections.
    public static func steadyStateInitialConditions(_ sos: SecondOrderSections) throws(SignalError) -> [[Double]] {
        try validate(sos)
        var scale = 1.0
        var out: [[Double]] = []
        for c in sos.sections {
            let b = [c[0] / c[3], c[1] / c[3], c[2] / c[3]]
            let a1 = c[4] / c[3]
            let a2 = c[5] / c[3]
            // (I − companion(a)ᵀ) = [[1 + a1, −1], [a2, 1]]
            let r0 = b[1] - a1 * b[0]
            let r1 = b[2] - a2 * b[0]
            let det = (1 + a1) * 1 - (-1) * a2
            guard abs(det) > 1e-300 else {
                throw .invalidParameter(
                    name: "filter", value: "a section with a pole at z = 1", expected: "a stable filter")
            }
            let z0 = (r0 * 1 - (-1) * r1) / det
            let z1 = ((1 + a1) * r1 - a2 * r0) / det
            out.append([scale * z0, scale * z1])
            scale *= (b[0] + b[1] + b[2]) / (1 + a1 + a2)
        }
        return out
    }

    /// Zero-phase forward–backward filtering (scipy `sosfiltfilt`, `padtype="odd"`): the signal is
    /// extended at both ends by odd reflection of `padLength` samples (default 3·(2·S + 1 − m), S
    /// sections, m = number of first-order sections), filtered forward from the steady state of its
    /// first sample, then backward from the steady state of the last output, and the padding removed.
    /// The magnitude response is |H|², the phase zero.
    public static func filtfilt(_ sos: SecondOrderSections, _ x: [Double], padLength: Int? = nil) throws(SignalError)
        -> [Double]
    {
        try validate(sos)
        try requireFinite(x, what: "filter input")
        let firstOrder = min(
            sos.sections.filter { $0[2] == 0 }.count, sos.sections.filter { $0[5] == 0 }.count)
        let edge = padLength ?? 3 * (2 * sos.sections.count + 1 - firstOrder)
        guard edge >= 0 else { throw .invalidParameter(name: "padLength", value: "\(edge)", expected: "≥ 0") }
        guard x.count > edge else {
            throw .tooShort(what: "zero-phase filter input", count: x.count, needed: edge + 1)
        }
        var ext = [Double]()
        ext.reserveCapacity(x.count + 2 * edge)
        if edge > 0 {
            for i in stride(from: edge, through: 1, by: -1) { ext.append(2 * x[0] - x[i]) }
        }
        ext.append(contentsOf: x)
        let last = x[x.count - 1]
        if edge > 0 {
            for i in 1...edge { ext.append(2 * last - x[x.count - 1 - i]) }
        }
        let zi = try steadyStateInitialConditions(sos)
        let forward = try filter(sos, ext, zi: zi.map { $0.map { $0 * ext[0] } }).y
        let reversed = Array(forward.reversed())
        let backward = try filter(sos, reversed, zi: zi.map { $0.map { $0 * reversed[0] } }).y
        return Array(backward.reversed()[edge..<(edge + x.count)])
    }

    static func validate(_ sos: SecondOrderSections) throws(SignalError) {
        guard !sos.sections.isEmpty else {
            throw .invalidParameter(name: "second-order sections", value: "none", expected: "at least one section")
        }
        for (i, s) in sos.sections.enumerated() {
            guard s.count == 6, s.allSatisfy(\.isFinite), s[3] != 0 else {
                throw .invalidParameter(
                    name: "section \(i)", value: "\(s)", expected: "6 finite coefficients with a0 ≠ 0")
            }
        }
    }
}

/// Second-order IIR notch (band-stop) filter, as `scipy.signal.iirnotch(w0, Q, fs)`:
/// with ω0 = 2π f0/fs and bandwidth Δω = ω0/Q (−3 dB width), β = tan(Δω/2), g = 1/(1 + β):
/// b = g·[1, −2cos ω0, 1], a = [1, −2g·cos ω0, 2g − 1]. Reference: Orfanidis, Introduction to
/// Signal Processing (1996), §11.3.
public enum NotchFilter {
    public static func design(frequencyHz f0: Double, quality q: Double, sampleRate: Double) throws(SignalError)
        -> SecondOrderSections
    {
        try requirePositive(sampleRate, name: "sampleRate")
        try requirePositive(q, name: "notch quality factor Q")
        guard f0.isFinite, f0 > 0, f0 < sampleRate / 2 else {
            throw .invalidParameter(
                name: "notch frequency", value: "\(f0) Hz", expected: "0 < f0 < Nyquist (\(sampleRate / 2) Hz)")
        }
        let w0 = 2 * f0 / sampleRate
        let bw = w0 / q * Double.pi
        let w = w0 * Double.pi
        let beta = tan(bw / 2)
        let gain = 1 / (1 + beta)
        return SecondOrderSections(sections: [
            [gain, -2 * gain * cos(w), gain, 1, -2 * gain * cos(w), 2 * gain - 1]
        ])
    }
}
