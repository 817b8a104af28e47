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

    /// upfirdn by its definition (h padded as scipy does, strided sum over t ≡ i mod up), the
    /// pre-polyphase implementation: the polyphase branches must give the same values to rounding.
    static func directResample(_ x: [Double], up: Int, down: Int) -> [Double] {
        let nIn = x.count
        let nOut = nIn * up / down + ((nIn * up) % down != 0 ? 1 : 0)
        let maxRate = max(up, down)
        let halfLen = 10 * maxRate
        let h0 = Resample.firwinKaiser(taps: 2 * halfLen + 1, cutoff: 1 / Double(maxRate), beta: 5.0)
        let prePad = down - halfLen % down
        let h = [Double](repeating: 0, count: prePad) + h0.map { $0 * Double(up) }
        let preRemove = (halfLen + prePad) / down
        return (0..<nOut).map { m in
            let i = (m + preRemove) * down
            var acc = 0.0
            for t in stride(from: i % up, to: h.count, by: up) {
                let j = (i - t) / up
                if j >= 0 && j < nIn { acc += h[t] * x[j] }
            }
            return acc
        }
    }

    @Test func polyphaseBranchesEqualTheDirectSumIncludingShortInputs() throws {
        let pairs = [(2, 1), (1, 3), (11, 16), (3, 2), (4, 5), (160, 441), (147, 160), (1, 1000), (7, 1)]
        for (up, down) in pairs {
            for n in [1, 2, 3, 7, 50, 400] {
                let x = Generate.noise(count: n, seed: UInt64(31 * n + up))
                let y = try Resample.poly(x, up: up, down: down)
                let d = Self.directResample(x, up: up, down: down)
                #expect(y.count == d.count, "\(up)/\(down) n=\(n) length")
                #expect(Tolerance.maxAbsDiff(y, d) < 1e-13, "\(up)/\(down) n=\(n)")
            }
        }
    }

    @Test func filtersAreDesignedOncePerRatePairAndSafeToShare() async throws {
        let x = Generate.noise(count: 3000, seed: 5)
        let first = try Resample.poly(x, up: 13, down: 17)
        // the reduced pair (13, 17) is the same filter; the cache hands out the one designed copy
        // (shared storage; other tests running in parallel may add other pairs meanwhile)
        let again = try Resample.poly(x, up: 26, down: 34)
        #expect(again == first)
        let a = PolyphaseFilter.shared(up: 13, down: 17).taps.withUnsafeBufferPointer { $0.baseAddress }
        let b = PolyphaseFilter.shared(up: 13, down: 17).taps.withUnsafeBufferPointer { $0.baseAddress }
        #expect(a == b)
        let results = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<16 { group.addTask { try Resample.poly(x, up: 13, down: 17) } }
            return try await group.reduce(into: [[Double]]()) { $0.append($1) }
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == first })
    }

    @Test func interiorOutputsDoNotDependOnWhereTheInputStarts() throws {
        // the formant stage resamples chunks of a signal and relies on bit-equal interiors
        let x = Generate.noise(count: 4000, seed: 9)
        let whole = try Resample.poly(x, up: 11, down: 16)
        let part = try Resample.poly(Array(x[1600..<3200]), up: 11, down: 16)
        // chunk start 1600 = 100·16 maps to output 1100; 300 outputs (≥ 160 taps) from each edge
        #expect(Array(part[300..<800]) == Array(whole[1400..<1900]))
    }
}
