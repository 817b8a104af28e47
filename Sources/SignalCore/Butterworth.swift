import Foundation

/// Band type of an IIR design.
public enum FilterBand: Sendable, Equatable, Codable {
    case lowpass(cutoffHz: Double)
    case highpass(cutoffHz: Double)
    case bandpass(lowHz: Double, highHz: Double)
    case bandstop(lowHz: Double, highHz: Double)
}

/// A cascade of second-order sections (biquads), each `[b0, b1, b2, 1, a1, a2]`:
/// H(z) = Π_s (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²). Same layout as scipy's `sos` arrays.
public struct SecondOrderSections: Sendable, Equatable, Codable {
    public var sections: [[Double]]
    public init(sections: [[Double]]) { self.sections = sections }

    /// The transfer function as polynomials in z⁻¹ (b, a), by multiplying the sections.
    public var transferFunction: (b: [Double], a: [Double]) {
        var b = [1.0]
        var a = [1.0]
        for s in sections {
            b = SecondOrderSections.multiply(b, Array(s[0..<3]))
            a = SecondOrderSections.multiply(a, Array(s[3..<6]))
        }
        // A first-order section is padded with a zero and a pole at z = 0; drop the cancelling terms.
        while b.count > 1, b.last == 0, a.last == 0 {
            b.removeLast()
            a.removeLast()
        }
        return (b, a)
    }

    static func multiply(_ p: [Double], _ q: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: p.count + q.count - 1)
        for i in p.indices { for j in q.indices { r[i + j] += p[i] * q[j] } }
        return r
    }
}

/// Digital Butterworth filter design (Butterworth 1930), as `scipy.signal.butter(N, Wn, btype,
/// fs=fs, output="sos")`.
///
/// Analog prototype poles p_m = −exp(iπ m / 2N), m = −N+1, −N+3, …, N−1; frequency transformation
/// (lp→lp, lp→hp, lp→bp, lp→bs) at pre-warped edges ω = 4·tan(π·f/fs) (bilinear transform with
/// fs' = 2); bilinear map z = (4 + s)/(4 − s); zeros and poles paired into biquads (each pole pair
/// with the nearest zeros, poles farthest from the unit circle first, as scipy's `zpk2sos`).
/// The magnitude response is maximally flat with |H| = 1/√2 at each edge.
public enum Butterworth {
    /// Designs an order-`order` filter for sample rate `sampleRate` Hz. Band-pass and band-stop
    /// designs have 2·order poles (as scipy).
    public static func design(order: Int, band: FilterBand, sampleRate: Double) throws(SignalError)
        -> SecondOrderSections
    {
        guard order >= 1, order <= 32 else {
            throw .invalidParameter(name: "filter order", value: "\(order)", expected: "1 … 32")
        }
        try requirePositive(sampleRate, name: "sampleRate")
        let nyquist = sampleRate / 2
        func normalised(_ f: Double, _ name: String) throws(SignalError) -> Double {
            guard f.isFinite, f > 0, f < nyquist else {
                throw .invalidParameter(
                    name: name, value: "\(f) Hz", expected: "0 < f < Nyquist (\(nyquist) Hz) at rate \(sampleRate) Hz")
            }
            return f / nyquist
        }
        func warp(_ wn: Double) -> Double { 4 * tan(Double.pi * wn / 2) }

        // Analog low-pass prototype.
        var p: [ComplexNumber] = stride(from: -order + 1, to: order, by: 2).map { m in
            -ComplexNumber.exp(ComplexNumber(0, Double.pi * Double(m) / Double(2 * order)))
        }
        var z: [ComplexNumber] = []
        var k = 1.0

        switch band {
        case .lowpass(let f):
            let wo = warp(try normalised(f, "low-pass cutoff"))
            p = p.map { wo * $0 }
            k *= pow(wo, Double(p.count - z.count))
        case .highpass(let f):
            let wo = warp(try normalised(f, "high-pass cutoff"))
            let degree = p.count - z.count
            k *= realRatio(z.map { -$0 }, p.map { -$0 })
            z = z.map { ComplexNumber(wo) / $0 } + Array(repeating: ComplexNumber(0), count: degree)
            p = p.map { ComplexNumber(wo) / $0 }
        case .bandpass(let lo, let hi), .bandstop(let lo, let hi):
            let w1 = warp(try normalised(lo, "lower band edge"))
            let w2 = warp(try normalised(hi, "upper band edge"))
            guard w1 < w2 else {
                throw .invalidParameter(name: "band edges", value: "\(lo)–\(hi) Hz", expected: "low < high")
            }
            let bw = w2 - w1
            let wo = (w1 * w2).squareRoot()
            let wo2 = ComplexNumber(wo * wo)
            let degree = p.count - z.count
            if case .bandpass = band {
                let zl = z.map { (bw / 2) * $0 }
                let pl = p.map { (bw / 2) * $0 }
                z =
                    zl.map { $0 + ($0 * $0 - wo2).squareRoot } + zl.map { $0 - ($0 * $0 - wo2).squareRoot }
                    + Array(repeating: ComplexNumber(0), count: degree)
                p = pl.map { $0 + ($0 * $0 - wo2).squareRoot } + pl.map { $0 - ($0 * $0 - wo2).squareRoot }
                k *= pow(bw, Double(degree))
            } else {
                k *= realRatio(z.map { -$0 }, p.map { -$0 })
                let zl = z.map { ComplexNumber(bw / 2) / $0 }
                let pl = p.map { ComplexNumber(bw / 2) / $0 }
                z =
                    zl.map { $0 + ($0 * $0 - wo2).squareRoot } + zl.map { $0 - ($0 * $0 - wo2).squareRoot }
                    + Array(repeating: ComplexNumber(0, wo), count: degree)
                    + Array(repeating: ComplexNumber(0, -wo), count: degree)
                p = pl.map { $0 + ($0 * $0 - wo2).squareRoot } + pl.map { $0 - ($0 * $0 - wo2).squareRoot }
            }
        }

        // Bilinear transform with fs' = 2 (pre-warping above accounts for it).
        let fs2 = ComplexNumber(4)
        let degree = p.count - z.count
        k *= realRatio(z.map { fs2 - $0 }, p.map { fs2 - $0 })
        let zd = z.map { (fs2 + $0) / (fs2 - $0) } + Array(repeating: ComplexNumber(-1), count: degree)
        let pd = p.map { (fs2 + $0) / (fs2 - $0) }
        return zpkToSOS(zeros: zd, poles: pd, gain: k)
    }

    /// Re(Π num / Π den).
    static func realRatio(_ num: [ComplexNumber], _ den: [ComplexNumber]) -> Double {
        let n = num.reduce(ComplexNumber(1)) { $0 * $1 }
        let d = den.reduce(ComplexNumber(1)) { $0 * $1 }
        return (n / d).re
    }

    /// Pairs conjugate poles with the nearest zeros into biquads (scipy `zpk2sos`, pairing
    /// "nearest"): the section with the poles closest to the unit circle comes last; the gain goes
    /// into the first section.
    static func zpkToSOS(zeros: [ComplexNumber], poles: [ComplexNumber], gain: Double) -> SecondOrderSections {
        let nSections = (max(zeros.count, poles.count) + 1) / 2
        var z = zeros + Array(repeating: ComplexNumber(0), count: 2 * nSections - zeros.count)
        var p = poles + Array(repeating: ComplexNumber(0), count: 2 * nSections - poles.count)
        var sections: [[Double]] = []
        let tol = 1e-9
        func takeRoot(_ list: inout [ComplexNumber], nearest target: ComplexNumber, real: Bool?) -> ComplexNumber {
            var best = -1
            var bestDist = Double.infinity
            for (i, r) in list.enumerated() {
                if let wantReal = real, (abs(r.im) <= tol) != wantReal { continue }
                if !(real ?? false), r.im < -tol { continue }  // take the upper member of a conjugate pair
                let d = (r - target).magnitude
                if d < bestDist {
                    bestDist = d
                    best = i
                }
            }
            if best < 0 {  // fall back to any root
                best = list.indices.min { (list[$0] - target).magnitude < (list[$1] - target).magnitude }!
            }
            return list.remove(at: best)
        }
        func removeConjugate(_ list: inout [ComplexNumber], of r: ComplexNumber) {
            if let j = list.indices.min(by: {
                (list[$0] - r.conjugate).magnitude < (list[$1] - r.conjugate).magnitude
            }) {
                list.remove(at: j)
            }
        }
        while !p.isEmpty {
            // Pole closest to the unit circle is handled first and placed last.
            let i = p.indices.min { abs(1 - p[$0].magnitude) < abs(1 - p[$1].magnitude) }!
            let p1 = p.remove(at: i)
            var poleQuad: (Double, Double)
            var zeroQuad: (Double, Double)
            if abs(p1.im) > tol {
                removeConjugate(&p, of: p1)
                poleQuad = (-2 * p1.re, p1.re * p1.re + p1.im * p1.im)
                let z1 = takeRoot(&z, nearest: p1, real: nil)
                if abs(z1.im) > tol {
                    removeConjugate(&z, of: z1)
                    zeroQuad = (-2 * z1.re, z1.re * z1.re + z1.im * z1.im)
                } else {
                    let z2 = takeRoot(&z, nearest: p1, real: true)
                    zeroQuad = (-(z1.re + z2.re), z1.re * z2.re)
                }
            } else {
                // Real pole: pair with the nearest other real pole.
                let j = p.indices.filter { abs(p[$0].im) <= tol }.min {
                    (p[$0] - p1).magnitude < (p[$1] - p1).magnitude
                }
                let p2 = j.map { p.remove(at: $0) } ?? ComplexNumber(0)
                poleQuad = (-(p1.re + p2.re), p1.re * p2.re)
                let z1 = takeRoot(&z, nearest: p1, real: true)
                let z2 = z.isEmpty ? ComplexNumber(0) : takeRoot(&z, nearest: p2, real: true)
                zeroQuad = (-(z1.re + z2.re), z1.re * z2.re)
            }
            sections.insert([1, zeroQuad.0, zeroQuad.1, 1, poleQuad.0, poleQuad.1], at: 0)
        }
        sections[0][0] *= gain
        sections[0][1] *= gain
        sections[0][2] *= gain
        return SecondOrderSections(sections: sections)
    }
}
