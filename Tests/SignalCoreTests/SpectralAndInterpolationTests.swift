import AffectTestSupport
import Foundation
import Testing

@testable import SignalCore

/// Welch PSD, Lomb–Scargle and interpolation against SciPy reference vectors.
@Suite struct SpectralTests {
    let ref = ScipyReference.shared

    @Test func welchMatchesScipy() throws {
        let s = try Signal(samples: ref.x, sampleRate: ref.fs)
        for c in ref.welch {
            let w = try Welch(
                segmentLength: c.nperseg, overlap: c.noverlap, fftLength: c.nfft,
                window: c.window == "hann" ? .hann : .hamming, detrend: Welch.Detrend(rawValue: c.detrend)!,
                average: Welch.Average(rawValue: c.average)!)
            let (f, p) = try w.psd(s)
            #expect(Tolerance.firstMismatch(f, c.f, rtol: 1e-14, atol: 1e-12) == nil)
            #expect(Tolerance.firstMismatch(p, c.p, rtol: 1e-10, atol: 1e-14) == nil, "\(c.nperseg) \(c.average)")
        }
    }

    @Test func welchParsevalForWhiteNoise() throws {
        // For white noise of variance σ², the one-sided density integrates to σ².
        let x = Generate.noise(count: 200_000, sd: 2, seed: 4)
        let (f, p) = try Welch(segmentLength: 512).psd(Signal(samples: x, sampleRate: 1000))
        let df = f[1] - f[0]
        #expect(abs(p.reduce(0, +) * df - 4) < 0.05)
    }

    @Test func lombScargleMatchesScipy() throws {
        let l = ref.lombscargle
        let p = try LombScargle.periodogram(times: l.t, values: l.y, frequencies: l.f_hz)
        #expect(Tolerance.firstMismatch(p, l.power, rtol: 1e-9, atol: 1e-12) == nil)
        let mean = Stats.mean(l.y)
        let pc = try LombScargle.periodogram(times: l.t, values: l.y.map { $0 - mean }, frequencies: l.f_hz)
        #expect(Tolerance.firstMismatch(pc, l.power_precenter, rtol: 1e-9, atol: 1e-12) == nil)
        let pn = try LombScargle.periodogram(
            times: l.t, values: l.y, frequencies: l.f_hz, normalization: .normalized)
        #expect(Tolerance.firstMismatch(pn, l.power_normalize, rtol: 1e-9, atol: 1e-12) == nil)
    }

    @Test func badSpectralInputsAreErrors() throws {
        #expect(throws: SignalError.self) { try Welch(segmentLength: 256, overlap: 256) }
        #expect(throws: SignalError.tooShort(what: "Welch input", count: 100, needed: 256)) {
            try Welch().psd(Signal(samples: [Double](repeating: 0, count: 100), sampleRate: 4))
        }
        #expect(throws: SignalError.self) { try LombScargle.periodogram(times: [0, 1], values: [1], frequencies: [1]) }
    }
}

@Suite struct InterpolationTests {
    let ref = ScipyReference.shared

    @Test(arguments: Interpolation.allCases)
    func matchesScipy(method: Interpolation) throws {
        let i = ref.interp
        let expected: [Double]
        switch method {
        case .linear: expected = i.linear
        case .cubicNotAKnot: expected = i.cubic_not_a_knot
        case .cubicNatural: expected = i.cubic_natural
        case .pchip: expected = i.pchip
        }
        let y = try method.evaluate(t: i.t, y: i.y, at: i.tq)
        #expect(Tolerance.firstMismatch(y, expected, rtol: 0, atol: 1e-10) == nil, "\(method)")
    }

    @Test func splinesReproduceCubicsAndPassThroughKnots() throws {
        let t = [0.0, 0.5, 1.7, 2.0, 3.1, 4.0]
        let y = t.map { 1 + 2 * $0 - $0 * $0 + 0.5 * $0 * $0 * $0 }
        let q = stride(from: 0.0, through: 4.0, by: 0.1).map { $0 }
        let s = try Interpolation.cubicNotAKnot.evaluate(t: t, y: y, at: q)
        for (x, v) in zip(q, s) { #expect(abs(v - (1 + 2 * x - x * x + 0.5 * x * x * x)) < 1e-11) }
        for m in Interpolation.allCases {
            #expect(Tolerance.maxAbsDiff(try m.evaluate(t: t, y: y, at: t), y) < 1e-12, "\(m)")
        }
    }

    @Test func badInterpolationInputsAreErrors() {
        #expect(throws: SignalError.self) { try Interpolation.linear.evaluate(t: [0, 0], y: [1, 2], at: [0]) }
        #expect(throws: SignalError.self) { try Interpolation.pchip.evaluate(t: [0], y: [1], at: [0]) }
        #expect(throws: SignalError.self) {
            try Interpolation.cubicNotAKnot.evaluate(t: [0, 1, 2], y: [1, .nan, 2], at: [0])
        }
    }
}
