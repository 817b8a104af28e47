import AffectTestSupport
import Foundation
import Testing

@testable import SignalCore

/// Butterworth design, SOS filtering, zero-phase filtering and the notch filter against SciPy
/// (reference vectors from make_reference.py).
@Suite struct FilterTests {
    let ref = ScipyReference.shared

    func band(_ c: ScipyReference.Butter) -> FilterBand {
        switch c.btype {
        case "lowpass": return .lowpass(cutoffHz: c.wn[0])
        case "highpass": return .highpass(cutoffHz: c.wn[0])
        case "bandpass": return .bandpass(lowHz: c.wn[0], highHz: c.wn[1])
        default: return .bandstop(lowHz: c.wn[0], highHz: c.wn[1])
        }
    }

    /// The transfer function (b, a) is unique, unlike the biquad pairing: compare it to 1e-10
    /// relative to the largest coefficient.
    @Test func butterworthTransferFunctionsMatchScipy() throws {
        for c in ref.butter {
            let sos = try Butterworth.design(order: c.order, band: band(c), sampleRate: ref.fs)
            #expect(sos.sections.count == c.sos.count, "\(c.btype) \(c.order): section count")
            let (b, a) = sos.transferFunction
            let scaleB = c.b.map(abs).max()!
            let scaleA = c.a.map(abs).max()!
            #expect(Tolerance.firstMismatch(b, c.b, rtol: 0, atol: 1e-10 * scaleB) == nil, "\(c.btype) \(c.order) b")
            #expect(Tolerance.firstMismatch(a, c.a, rtol: 0, atol: 1e-10 * scaleA) == nil, "\(c.btype) \(c.order) a")
        }
    }

    /// Zero-phase and causal outputs agree with scipy's sosfiltfilt/sosfilt to 1e-9 absolute on a
    /// unit-scale signal (same transfer function; biquad pairing differs only by rounding).
    @Test func filteringMatchesScipy() throws {
        for c in ref.butter {
            let sos = try Butterworth.design(order: c.order, band: band(c), sampleRate: ref.fs)
            let y = try SOSFilter.filtfilt(sos, ref.x)
            #expect(Tolerance.maxAbsDiff(y, c.sosfiltfilt) < 1e-9, "\(c.btype) \(c.order) sosfiltfilt")
            let yc = try SOSFilter.filter(sos, ref.x).y
            #expect(Tolerance.maxAbsDiff(yc, c.sosfilt) < 1e-9, "\(c.btype) \(c.order) sosfilt")
        }
    }

    @Test func notchMatchesScipy() throws {
        let sos = try NotchFilter.design(frequencyHz: ref.notch.f0, quality: ref.notch.Q, sampleRate: ref.fs)
        let (b, a) = sos.transferFunction
        #expect(Tolerance.firstMismatch(b, ref.notch.b, rtol: 0, atol: 1e-14) == nil)
        #expect(Tolerance.firstMismatch(a, ref.notch.a, rtol: 0, atol: 1e-14) == nil)
        let y = try SOSFilter.filtfilt(sos, ref.x)
        #expect(Tolerance.maxAbsDiff(y, ref.notch.filtfilt) < 1e-10)
    }

    @Test func lowpassGainIsHalfPowerAtCutoff() throws {
        // |H(e^{iω})|² = 1/2 at the cutoff for every Butterworth design.
        let sos = try Butterworth.design(order: 4, band: .lowpass(cutoffHz: 10), sampleRate: 100)
        let (b, a) = sos.transferFunction
        let w = 2 * Double.pi * 10 / 100
        func eval(_ c: [Double]) -> (Double, Double) {
            c.enumerated().reduce((0.0, 0.0)) {
                (
                    $0.0 + $1.element * cos(-w * Double($1.offset)),
                    $0.1 + $1.element * sin(-w * Double($1.offset))
                )
            }
        }
        let (br, bi) = eval(b)
        let (ar, ai) = eval(a)
        let gain2 = (br * br + bi * bi) / (ar * ar + ai * ai)
        #expect(abs(gain2 - 0.5) < 1e-12)
    }

    @Test func badDesignsAndInputsAreErrors() throws {
        #expect(throws: SignalError.self) {
            try Butterworth.design(order: 4, band: .lowpass(cutoffHz: 60), sampleRate: 100)
        }
        #expect(throws: SignalError.self) {
            try Butterworth.design(order: 0, band: .lowpass(cutoffHz: 10), sampleRate: 100)
        }
        #expect(throws: SignalError.self) {
            try Butterworth.design(order: 2, band: .bandpass(lowHz: 20, highHz: 10), sampleRate: 100)
        }
        let sos = try Butterworth.design(order: 4, band: .lowpass(cutoffHz: 10), sampleRate: 100)
        #expect(throws: SignalError.tooShort(what: "zero-phase filter input", count: 10, needed: 16)) {
            try SOSFilter.filtfilt(sos, [Double](repeating: 1, count: 10))
        }
        #expect(throws: SignalError.nonFinite(what: "filter input", index: 2)) {
            try SOSFilter.filtfilt(sos, [1, 2, .nan] + [Double](repeating: 0, count: 100))
        }
    }
}

@Suite struct PeakTests {
    let ref = ScipyReference.shared

    @Test func findPeaksMatchesScipyForEveryCriterion() throws {
        for c in ref.peaks {
            let k = c.criteria
            let crit = PeakCriteria(
                height: k.height.map(PeakCriteria.atLeast), threshold: k.threshold.map(PeakCriteria.atLeast),
                distance: k.distance, prominence: k.prominence.map(PeakCriteria.atLeast),
                width: k.width.map(PeakCriteria.atLeast), windowLength: k.wlen)
            let r = try Peaks.find(ref.peaks_input, crit)
            #expect(r.indices == c.indices, "\(k)")
            if let p = c.prominences {
                #expect(Tolerance.firstMismatch(r.prominences, p, rtol: 1e-12, atol: 1e-14) == nil, "\(k) prominences")
                #expect(r.leftBases == c.left_bases! && r.rightBases == c.right_bases!, "\(k) bases")
            }
            if let w = c.widths {
                #expect(Tolerance.firstMismatch(r.widths, w, rtol: 1e-10) == nil, "\(k) widths")
                #expect(Tolerance.firstMismatch(r.leftIPs, c.left_ips!, rtol: 1e-12) == nil, "\(k) left_ips")
                #expect(Tolerance.firstMismatch(r.rightIPs, c.right_ips!, rtol: 1e-12) == nil, "\(k) right_ips")
            }
        }
    }

    @Test func plateausGiveTheirMidpoint() throws {
        #expect(try Peaks.find(ref.plateau.x).indices == ref.plateau.indices)
    }

    @Test func badCriteriaAreErrors() {
        #expect(throws: SignalError.self) { try Peaks.find([0, 1, 0], PeakCriteria(distance: 0.5)) }
        #expect(throws: SignalError.self) { try Peaks.find([0, .infinity, 0]) }
    }
}

@Suite struct ResampleTests {
    let ref = ScipyReference.shared

    @Test func resamplePolyMatchesScipy() throws {
        let x = Array(ref.x[0..<997])
        for c in ref.resample_poly {
            let y = try Resample.poly(x, up: c.up, down: c.down)
            #expect(y.count == c.y.count, "\(c.up)/\(c.down) length")
            #expect(Tolerance.maxAbsDiff(y, c.y) < 1e-12, "\(c.up)/\(c.down)")
        }
    }

    @Test func resamplingASineKeepsItsFrequencyAndAmplitude() throws {
        let x = Generate.sine(frequency: 440, rate: 48000, seconds: 0.5)
        let s = try Resample.signal(Signal(samples: x, sampleRate: 48000), to: 16000)
        #expect(s.count == 8000)
        let expected = Generate.sine(frequency: 440, rate: 16000, seconds: 0.5)
        #expect(Tolerance.maxAbsDiff(Array(s.samples[200..<7800]), Array(expected[200..<7800])) < 1e-3)
    }
}
