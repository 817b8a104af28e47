import AffectTestSupport
import AudioIO
import Foundation
import SignalCore
import Tabular
import Testing

@testable import Prosody

@Suite("Praat autocorrelation pitch")
struct PraatPitchTests {
    /// Per-frame comparison with Praat 6.1.38 on every real speech file, pooled: frames where
    /// exactly one side is voiced count as voicing disagreement; frames both call voiced with
    /// |F0 − F0_Praat| > 20 % of F0_Praat count as gross errors.
    @Test func matchesPraatOnRealSpeech() throws {
        var frames = 0
        var disagree = 0
        var bothVoiced = 0
        var gross = 0
        for id in PraatCorpus.ids(kind: "real_speech") {
            let s = try AudioFile.readMono(PraatCorpus.wav(id))
            let track = try PraatVoice.pitch(s)
            let ref = try PraatCorpus.praatPitch(id)
            try #require(track.count == ref.t.count, "\(id): \(track.count) frames vs Praat's \(ref.t.count)")
            #expect(abs(track.timeS[0] - ref.t[0]) < 1e-6, "\(id): first frame \(track.timeS[0]) vs \(ref.t[0])")
            var d = 0
            var g = 0
            for k in 0..<track.count {
                let a = track.f0Hz[k] > 0
                let b = ref.f0[k] > 0
                if a != b { d += 1 }
                if a && b {
                    bothVoiced += 1
                    if abs(track.f0Hz[k] - ref.f0[k]) > 0.2 * ref.f0[k] { g += 1 }
                }
            }
            print("praat-pitch \(id): frames \(track.count) disagree \(d) gross \(g)")
            frames += track.count
            disagree += d
            gross += g
        }
        let vde = Double(disagree) / Double(frames)
        let gpe = Double(gross) / Double(bothVoiced)
        print("praat-pitch pooled: voicing disagreement \(vde), gross pitch error \(gpe), frames \(frames)")
        #expect(frames > 1000)
        #expect(vde <= 0.05)
        #expect(gpe <= 0.01)
    }
}
