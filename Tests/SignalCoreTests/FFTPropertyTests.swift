import AffectTestSupport
import Foundation
import Testing

@testable import SignalCore

/// FFT property checks in the style of FFTW's libbench2/verify-lib.c: linearity, impulse response,
/// time shift, Parseval and inverse∘forward, for even, odd and prime lengths.
@Suite struct FFTPropertyTests {
    static let lengths = [1, 2, 7, 16, 97, 256, 360, 1009, 4096]

    func random(_ n: Int, seed: UInt64) -> [Double] { Generate.noise(count: n, seed: seed) }

    @Test(arguments: lengths)
    func inverseOfForwardIsIdentity(n: Int) throws {
        let fft = try RealFFT(length: n)
        let x = random(n, seed: UInt64(n))
        let y = try fft.inverse(fft.forward(x))
        #expect(Tolerance.maxAbsDiff(x, y) <= 1e-12 * max(1, x.map(abs).max()!))
    }

    @Test(arguments: lengths)
    func linearity(n: Int) throws {
        let fft = try RealFFT(length: n)
        let a = random(n, seed: 1), b = random(n, seed: 2)
        let (alpha, beta) = (0.7, -1.3)
        let lhs = try fft.forward(zip(a, b).map { alpha * $0 + beta * $1 })
        let fa = try fft.forward(a), fb = try fft.forward(b)
        for k in 0..<fft.binCount {
            #expect(abs(lhs.re[k] - (alpha * fa.re[k] + beta * fb.re[k])) <= 1e-10 * Double(n))
            #expect(abs(lhs.im[k] - (alpha * fa.im[k] + beta * fb.im[k])) <= 1e-10 * Double(n))
        }
    }

    @Test(arguments: lengths)
    func impulseHasFlatSpectrumWithLinearPhase(n: Int) throws {
        let fft = try RealFFT(length: n)
        let t0 = n / 3
        var x = [Double](repeating: 0, count: n)
        x[t0] = 1
        let s = try fft.forward(x)
        for k in 0..<fft.binCount {
            let angle = -2 * Double.pi * Double(k * t0) / Double(n)
            #expect(abs(s.re[k] - cos(angle)) <= 1e-12)
            #expect(abs(s.im[k] - sin(angle)) <= 1e-12)
        }
    }

    @Test(arguments: lengths.filter { $0 > 2 })
    func circularShiftMultipliesByPhase(n: Int) throws {
        let fft = try RealFFT(length: n)
        let x = random(n, seed: 7)
        let shift = 1 + n / 5
        let shifted = (0..<n).map { x[($0 - shift + n) % n] }
        let a = try fft.forward(x), b = try fft.forward(shifted)
        for k in 0..<fft.binCount {
            let angle = -2 * Double.pi * Double(k * shift) / Double(n)
            let re = a.re[k] * cos(angle) - a.im[k] * sin(angle)
            let im = a.re[k] * sin(angle) + a.im[k] * cos(angle)
            #expect(abs(b.re[k] - re) <= 1e-10 * Double(n))
            #expect(abs(b.im[k] - im) <= 1e-10 * Double(n))
        }
    }

    @Test(arguments: lengths)
    func parsevalHoldsTo1e12Relative(n: Int) throws {
        let fft = try RealFFT(length: n)
        let x = random(n, seed: 11)
        let s = try fft.forward(x)
        let timeEnergy = x.reduce(0) { $0 + $1 * $1 }
        // One-sided spectrum: interior bins count twice; DC and (for even n) Nyquist once.
        var freqEnergy = 0.0
        for k in 0..<fft.binCount {
            let p = s.re[k] * s.re[k] + s.im[k] * s.im[k]
            let once = k == 0 || (n % 2 == 0 && k == n / 2)
            freqEnergy += once ? p : 2 * p
        }
        freqEnergy /= Double(n)
        #expect(abs(freqEnergy - timeEnergy) <= 1e-12 * timeEnergy)
    }

    @Test func complexFFTRoundTripAndMatchesRealFFT() throws {
        let n = 97
        let x = random(n, seed: 5)
        let c = try ComplexFFT(length: n)
        let (re, im) = try c.transform(re: x, im: [Double](repeating: 0, count: n))
        let r = try RealFFT(length: n).forward(x)
        for k in 0..<r.count {
            #expect(abs(re[k] - r.re[k]) <= 1e-11)
            #expect(abs(im[k] - r.im[k]) <= 1e-11)
        }
        let back = try c.transform(re: re, im: im, inverse: true)
        #expect(Tolerance.maxAbsDiff(back.re, x) <= 1e-12)
    }

    @Test(arguments: [7, 16, 97, 360])
    func workspaceBulkOperationsMatchPerBinArithmetic(n: Int) throws {
        let fft = try RealFFT(length: n)
        let a = random(n, seed: 11), x = random(n, seed: 12)
        let fa = try fft.forward(a), fx = try fft.forward(x)
        let ws = RealFFT.Workspace(fft)
        // copySpectrum returns exactly what forward returns
        var re = [Double](repeating: 0, count: fft.binCount), im = re
        for t in 0..<n { ws.input[t] = x[t] }
        ws.executeForward()
        re.withUnsafeMutableBufferPointer { rp in
            im.withUnsafeMutableBufferPointer { ip in ws.copySpectrum(re: rp.baseAddress!, im: ip.baseAddress!) }
        }
        #expect(re == fx.re && im == fx.im)
        // conj(A)·X, inverse: n·c(τ), c(τ) = Σ_t a_t x_{(t+τ) mod n}
        fa.re.withUnsafeBufferPointer { ar in
            fa.im.withUnsafeBufferPointer { ai in ws.multiplyByConjugate(re: ar.baseAddress!, im: ai.baseAddress!) }
        }
        for k in 0..<fft.binCount {
            #expect(ws.re(k) == fa.re[k] * fx.re[k] + fa.im[k] * fx.im[k])
            #expect(ws.im(k) == fa.re[k] * fx.im[k] - fa.im[k] * fx.re[k])
        }
        ws.executeInverse()
        for tau in 0..<n {
            let c = (0..<n).reduce(0.0) { $0 + a[$1] * x[($1 + tau) % n] }
            #expect(abs(ws.input[tau] / Double(n) - c) <= 1e-12 * Double(n))
        }
        // |X|², inverse: n·r(τ) (circular autocorrelation); power(into:) gives the same |X|²
        for t in 0..<n { ws.input[t] = x[t] }
        ws.executeForward()
        var p = [Double](repeating: 0, count: fft.binCount)
        p.withUnsafeMutableBufferPointer { ws.power(into: $0.baseAddress!) }
        ws.replaceByPower()
        for k in 0..<fft.binCount {
            #expect(ws.re(k) == p[k] && ws.im(k) == 0)
            #expect(p[k] == fx.re[k] * fx.re[k] + fx.im[k] * fx.im[k])
        }
        ws.executeInverse()
        for tau in 0..<n {
            let r = (0..<n).reduce(0.0) { $0 + x[$1] * x[($1 + tau) % n] }
            #expect(abs(ws.input[tau] / Double(n) - r) <= 1e-12 * Double(n))
        }
        // setBin then executeInverse equals inverse(_:)
        for k in 0..<fft.binCount { ws.setBin(k, re: fx.re[k], im: fx.im[k]) }
        ws.executeInverse()
        #expect(Tolerance.maxAbsDiff((0..<n).map { ws.input[$0] / Double(n) }, x) <= 1e-12)
    }

    @Test func wrongLengthsAreErrors() throws {
        let fft = try RealFFT(length: 8)
        #expect(throws: SignalError.self) { try fft.forward([1, 2, 3]) }
        #expect(throws: SignalError.self) { try RealFFT(length: 0) }
    }

    /// 64 concurrent tasks each create a plan, execute it, check the result, and destroy it (plans
    /// are created and destroyed under the planner lock; execution is lock-free).
    @Test func sixtyFourConcurrentPlanLifecycles() async throws {
        let results = try await withThrowingTaskGroup(of: Double.self) { group in
            for i in 0..<64 {
                group.addTask {
                    let n = [64, 100, 127, 256][i % 4] + i
                    let x = Generate.sine(frequency: 3, rate: Double(n), seconds: 1)
                    var worst = 0.0
                    for _ in 0..<4 {
                        let fft = try RealFFT(length: n)
                        let y = try fft.inverse(fft.forward(x))
                        worst = max(worst, Tolerance.maxAbsDiff(x, y))
                        let shared = try RealFFT.shared(length: n)
                        let z = try shared.inverse(shared.forward(x))
                        worst = max(worst, Tolerance.maxAbsDiff(x, z))
                    }
                    return worst
                }
            }
            var all = [Double]()
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 64)
        #expect(results.max()! <= 1e-12)
    }

    @Test func plannerIsEstimateAndVersionIsKnown() {
        #expect(FFTPlanning.plannerFlagName == "FFTW_ESTIMATE")
        #expect(FFTPlanning.libraryVersion.hasPrefix("fftw-3"))
    }
}

@Suite struct STFTTests {
    @Test func sinePeaksAtItsBinAndFramesAreCounted() throws {
        let rate = 16000.0
        let x = Generate.sine(frequency: 1000, rate: rate, seconds: 1)
        let stft = try STFT(frameLength: 400, hop: 160, fftLength: 512)
        let s = try Signal(samples: x, sampleRate: rate)
        let spec = try stft.power(s)
        #expect(spec.frameCount == 1 + (16000 - 400) / 160)
        #expect(spec.binCount == 257)
        let frame = (0..<spec.binCount).map { spec[10, $0] }
        let peak = frame.indices.max { frame[$0] < frame[$1] }!
        #expect(peak == 32)  // 1000 Hz / (16000/512) = 32
        #expect(abs(spec.times[0] - 200.0 / rate) < 1e-15)
    }

    @Test func inverseSTFTReconstructsInteriorSamples() throws {
        let x = Generate.noise(count: 4000, seed: 3)
        let stft = try STFT(frameLength: 256, hop: 64, fftLength: 256, centrePad: true)
        let s = try Signal(samples: x, sampleRate: 8000)
        let y = try stft.inverse(stft.complex(s), length: x.count)
        #expect(Tolerance.maxAbsDiff(Array(x[256..<3700]), Array(y[256..<3700])) <= 1e-12)
    }

    @Test func nanInputIsRejected() throws {
        var x = Generate.noise(count: 1000, seed: 1)
        x[500] = .nan
        let s = try Signal(samples: x, sampleRate: 8000)
        #expect(throws: SignalError.nonFinite(what: "STFT input", index: 500)) {
            try STFT(frameLength: 256, hop: 128).power(s)
        }
    }
}

@Suite struct WindowAndFramingTests {
    @Test func hannMatchesClosedForm() throws {
        let w = try Window.make(.hann, length: 8, symmetry: .periodic)
        // scipy.signal.get_window("hann", 8)
        let ref = [
            0.0, 0.14644660940672624, 0.5, 0.8535533905932737, 1.0, 0.8535533905932737, 0.5, 0.14644660940672624,
        ]
        #expect(Tolerance.firstMismatch(w, ref, rtol: 0, atol: 1e-15) == nil)
        let sym = try Window.make(.hann, length: 5, symmetry: .symmetric)
        #expect(Tolerance.firstMismatch(sym, [0, 0.5, 1, 0.5, 0], rtol: 0, atol: 1e-15) == nil)
    }

    @Test func framesStampedAtCentreOrStart() throws {
        let g = try FrameGrid(frameLength: 400, hop: 160, sampleCount: 16000, convention: .centre)
        #expect(g.count == 98)
        #expect(g.time(of: 0, sampleRate: 16000) == 0.0125)
        let s = try FrameGrid(frameLength: 400, hop: 160, sampleCount: 16000, convention: .start)
        #expect(s.time(of: 2, sampleRate: 16000) == 0.02)
        #expect(throws: SignalError.self) { try FrameGrid(frameLength: 0, hop: 1, sampleCount: 10) }
    }
}

@Suite struct RandomAndStatisticsTests {
    @Test func seededStreamsAreReproducibleAndDistinct() {
        var a = SeededRandom(seed: 42), b = SeededRandom(seed: 42), c = SeededRandom(seed: 43)
        let xa = (0..<5).map { _ in a.next() }
        #expect(xa == (0..<5).map { _ in b.next() })
        #expect(xa != (0..<5).map { _ in c.next() })
        // SplitMix64 reference value for seed 0 (Vigna's splitmix64.c): 0xE220A8397B1DCDAF
        var z = SeededRandom(seed: 0)
        #expect(z.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func normalDrawsHaveUnitMoments() {
        var g = SeededRandom(seed: 9)
        let x = (0..<200_000).map { _ in g.normal() }
        #expect(abs(Stats.mean(x)) < 0.01)
        #expect(abs(Stats.sd(x) - 1) < 0.01)
    }

    @Test func statisticsMatchNumpyScipy() {
        let x = [2.0, 4, 4, 4, 5, 5, 7, 9]
        #expect(Stats.mean(x) == 5)
        #expect(abs(Stats.sd(x, ddof: 0) - 2) < 1e-15)
        #expect(abs(Stats.sd(x, ddof: 1) - 2.138089935299395) < 1e-14)
        #expect(Stats.percentile(x, 25) == 4)  // numpy.percentile linear
        #expect(abs(Stats.percentile(x, 90) - 7.6) < 1e-14)
        #expect(abs(Stats.skewness(x) - 0.65625) < 1e-14)  // scipy.stats.skew
        #expect(abs(Stats.kurtosis(x) - (-0.21875)) < 1e-14)  // scipy.stats.kurtosis
        let fit = Stats.linearFit(x: [0, 1, 2, 3], y: [1, 3, 5, 7])
        #expect(fit.slope == 2 && fit.intercept == 1)
        #expect(Stats.mean([]).isNaN && Stats.sd([1]).isNaN)
    }
}

@Suite struct FloatSTFTTests {
    @Test func floatPowerAgreesWithDoublePower() throws {
        let x = Generate.noise(count: 16000, seed: 21)
        let s = try Signal(samples: x, sampleRate: 16000)
        let stft = try STFT(frameLength: 400, hop: 160, fftLength: 512)
        let d = try stft.power(s)
        let f = try stft.powerFloat(s)
        #expect(f.frameCount == d.frameCount && f.binCount == d.binCount && f.times == d.times)
        let peak = d.values.max()!
        for i in d.values.indices { #expect(abs(Double(f.values[i]) - d.values[i]) <= 1e-5 * peak) }
    }
}
