import AffectTestSupport
import AudioIO
import Foundation
import Testing

@testable import Prosody

@Suite("Praat Burg formants vs designed formants")
struct PraatFormantTruthTests {
    /// F1–F3 means over voiced frames within 5 % of the designed formants for the noise-free
    /// synthetic /a/ vowels with F0 ≤ 250 Hz (6 of the 9 vowels). On the other three Burg LPC misses
    /// the design in Praat 6.1.38 too, and we require agreement with Praat within 5 % instead:
    /// glot_a_f400_high (harmonics 400 Hz apart; Praat 822/1262/1740 vs design 1000/1400/3200 Hz),
    /// glot_a_f150_hnr15 (additive noise at 15 dB lifts every pole; Praat 806/1253/2829 vs
    /// 730/1090/2440 Hz) and glot_i_f220_steady (a spurious pole between F1 = 310 and F2 = 2790 Hz;
    /// Praat 343/580/2800 Hz). On the last, our spurious F2 averages 674 Hz against Praat's 580 Hz,
    /// so only F1 and F3 are compared there.
    @Test(arguments: PraatCorpus.ids(kind: "synthetic_glottal"))
    func recoversDesignedFormants(id: String) throws {
        let s = try AudioFile.readMono(PraatCorpus.wav(id))
        let r = try PraatVoice.analyze(s)
        let truth = try PraatCorpus.truth(id)
        let design = try #require(truth["vowel_formants_F_B_Hz"] as? [[Double]])
        let praat = try PraatCorpus.summary(id)
        let lpcLimited = ["glot_a_f400_high", "glot_a_f150_hnr15", "glot_i_f220_steady"].contains(id)
        for j in 0..<3 where !(id == "glot_i_f220_steady" && j == 1) {
            let ours = try #require(r.value("praat_f\(j + 1)_mean_hz"))
            let target = lpcLimited ? try #require(praat["F\(j + 1)_mean_hz_voiced"]) : design[j][0]
            print("praat-formant \(id) F\(j + 1): \(ours) vs \(lpcLimited ? "Praat" : "design") \(target)")
            #expect(Tolerance.close(ours, target, rtol: 0.05), "\(id) F\(j + 1): \(ours) vs \(target)")
        }
    }
}

@Suite("Praat formant analyzer resamples only what the frames need")
struct PraatFormantChunkTests {
    /// Frames analysed from chunks around a few scattered frames equal, bit for bit, those from one
    /// resampling of the whole signal (frames every 5 ms make a single chunk).
    @Test func chunksEqualWholeSignalResampling() throws {
        let s = try AudioFile.readMono(PraatCorpus.wav("arctic_slt_a0009"))
        let p = PraatParameters()
        let x = s.samples
        let duration = Double(x.count) / s.sampleRate
        let dense = stride(from: 0.0, through: duration, by: 0.005).map { $0 }
        let sparse = [0.0, 0.012, 0.5, 0.53, 0.9, 1.31, duration - 0.01, duration]
        let whole = try PraatFormantAnalyzer(x, rate: s.sampleRate, parameters: p, times: dense)
        let parts = try PraatFormantAnalyzer(x, rate: s.sampleRate, parameters: p, times: sparse)
        #expect(whole.chunks.count == 1)
        #expect(parts.chunks.count > 3)
        for t in sparse {
            var r1 = [(Double, Double)]()
            var r2 = [(Double, Double)]()
            let a = whole.formants(at: t, previousRoots: &r1)
            let b = parts.formants(at: t, previousRoots: &r2)
            #expect(a.map(\.frequency) == b.map(\.frequency) && a.map(\.bandwidth) == b.map(\.bandwidth), "t = \(t)")
            #expect(!a.isEmpty || t >= duration - 0.01)
        }
        // four frames per Burg pass give the frame-by-frame results
        var r1 = [(Double, Double)]()
        let batched = parts.formants(at: sparse, previousRoots: &r1)
        var r2 = [(Double, Double)]()
        for (t, b) in zip(sparse, batched) {
            let a = parts.formants(at: t, previousRoots: &r2)
            #expect(a.map(\.frequency) == b.map(\.frequency) && a.map(\.bandwidth) == b.map(\.bandwidth), "t = \(t)")
        }
    }
}
