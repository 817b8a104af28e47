import AffectTestSupport
import AudioIO
import Experiments
import Foundation
import Prosody
import SignalCore
import Tabular
import Testing

/// The Prosody stage's Praat-style pitch tracker recovers the planted mean F0 of every segment of
/// the synthetic recovery corpus (clean audio) within 1 semitone. Two recordings (one per group)
/// keep the debug-build test fast.
@Suite("Synthetic corpus: Prosody stage recovers planted F0")
struct SyntheticProsodyTests {
    @Test func praatPitchMeanWithinOneSemitone() throws {
        let dir = SyntheticFixtures.recovery
        let truth = try SyntheticFixtures.truth(dir)
        let recs = try truth.strings("recording")
        let groups = try truth.strings("group")
        let starts = try truth.numbers("start_s")
        let ends = try truth.numbers("end_s")
        let planted = try truth.numbers("f0_mean_hz")
        let chosen = ["A", "B"].compactMap { g in recs.indices.first { groups[$0] == g }.map { recs[$0] } }
        try #require(chosen.count == 2)
        var worst = 0.0
        var checked = 0
        for rec in chosen {
            let audio = try AudioFile.readMono("\(dir)/\(rec)/audio.wav")
            let track = try PraatVoice.pitch(audio)
            for i in recs.indices where recs[i] == rec {
                let voiced = track.timeS.indices.filter {
                    track.timeS[$0] >= starts[i] && track.timeS[$0] < ends[i] && track.f0Hz[$0].isFinite
                        && track.f0Hz[$0] > 0
                }.map { track.f0Hz[$0] }
                try #require(voiced.count > 50)
                let error = 12 * log2(Stats.mean(voiced) / planted[i])
                #expect(abs(error) < 1, "\(rec) \(starts[i]) s: F0 error \(error) st")
                worst = max(worst, abs(error))
                checked += 1
            }
        }
        print("synthetic recovery: Prosody (Praat pitch) F0 mean worst |error| \(worst) st over \(checked) segments")
    }
}
