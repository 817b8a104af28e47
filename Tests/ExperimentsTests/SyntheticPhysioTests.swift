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

/// The Physio stage's EDA path (NeuroKit2 0.2.13 `eda_process` defaults: 3 Hz low-pass, 0.05 Hz
/// high-pass phasic, SCR peaks of prominence ≥ 0.1 × the largest) counts the planted SCRs of
/// every recording of the recovery corpus within 10 %, and ≥ 90 % of them are found within 1 s of
/// their planted peak time.
@Suite("Synthetic corpus: Physio stage recovers planted SCRs")
struct SyntheticEDATests {
    @Test func physioStageSCRCountWithinTenPercentPerRecording() throws {
        let dir = SyntheticFixtures.recovery
        let recs = Array(Set(try SyntheticFixtures.truth(dir).strings("recording"))).sorted()
        try #require(!recs.isEmpty)
        var plantedTotal = 0
        var foundTotal = 0
        var matchedTotal = 0
        for rec in recs {
            let physio = try CSVTable(contentsOfFile: "\(dir)/\(rec)/physio.csv")
            let eda = try Signal(samples: try physio.numbers("eda"), sampleRate: 250)
            let duration = Double(eda.count) / 250
            let analysis = try EDA.process(eda)
            let found = analysis.scrs.map { Double($0.peak) / 250 }
            let scr = try CSVTable(contentsOfFile: "\(dir)/truth/\(rec)/scr.csv", allowNoRows: true)
            // Planted SCRs whose peak lies inside the recording.
            let planted = try scr.numbers("peak_s").filter { $0 < duration }
            // A found peak matches the nearest unmatched planted peak within 1 s.
            var used = Set<Int>()
            for f in found {
                if let k = planted.indices.filter({ !used.contains($0) && abs(planted[$0] - f) <= 1 })
                    .min(by: { abs(planted[$0] - f) < abs(planted[$1] - f) })
                {
                    used.insert(k)
                }
            }
            let rel = planted.isEmpty ? 0 : Double(found.count - planted.count) / Double(planted.count)
            print(
                "synthetic recovery: Physio EDA \(rec): \(found.count) SCRs found, \(planted.count) planted, \(used.count) matched within 1 s (\(100 * rel) %)"
            )
            #expect(abs(rel) <= 0.10, "\(rec): \(found.count) SCRs found, \(planted.count) planted")
            #expect(
                Double(used.count) >= 0.9 * Double(planted.count), "\(rec): \(used.count) of \(planted.count) matched")
            plantedTotal += planted.count
            foundTotal += found.count
            matchedTotal += used.count
        }
        print(
            "synthetic recovery: Physio EDA total \(foundTotal) found, \(plantedTotal) planted, \(matchedTotal) matched"
        )
        #expect(plantedTotal >= 20)
    }
}
