import AffectTestSupport
import Experiments
import Foundation
import Physio
import SignalCore
import Tabular
import Testing

/// The Physio stage (NeuroKit2-style cleaning + the default R-peak detector) recovers the planted
/// heart rate of every segment of the synthetic recovery corpus within 1 bpm.
@Suite("Synthetic corpus: Physio stage recovers planted heart rate")
struct SyntheticPhysioTests {
    @Test func physioStageHeartRateWithinOneBpm() throws {
        let dir = SyntheticFixtures.recovery
        let truth = try SyntheticFixtures.truth(dir)
        let recs = try truth.strings("recording")
        let starts = try truth.numbers("start_s")
        let ends = try truth.numbers("end_s")
        let planted = try truth.numbers("hr_bpm")
        var beats: [String: [Double]] = [:]
        var worst = 0.0
        for i in recs.indices {
            if beats[recs[i]] == nil {
                let physio = try CSVTable(contentsOfFile: "\(dir)/\(recs[i])/physio.csv")
                let ecg = try Signal(samples: try physio.numbers("ecg"), sampleRate: 250)
                let cleaned = try ECGCleaning().apply(ecg)
                beats[recs[i]] = try ECGDetector.standard.detect(cleaned).map { Double($0) / 250 }
            }
            let b = (beats[recs[i]] ?? []).filter { $0 >= starts[i] && $0 < ends[i] }
            try #require(b.count > 5)
            let hr = 60 / ((b[b.count - 1] - b[0]) / Double(b.count - 1))
            #expect(abs(hr - planted[i]) < 1, "\(recs[i]) \(starts[i]) s: HR \(hr) vs planted \(planted[i])")
            worst = max(worst, abs(hr - planted[i]))
        }
        print("synthetic recovery: Physio stage HR worst |error| \(worst) bpm over \(recs.count) segments")
    }
}
