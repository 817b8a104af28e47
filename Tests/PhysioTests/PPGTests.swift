import AffectTestSupport
import Foundation
import Physio
import SignalCore
import Tabular
import Testing

@Suite("PPG systolic peaks (Elgendi 2013) vs NeuroKit2 0.2.13")
struct PPGTests {
    /// (record name in the reference, csv, column or nil for the headerless file)
    static let records: [(String, String, String?)] = [
        ("heartpy_data", "data/physio/heartpy/data.csv", nil),
        ("heartpy_data2", "data/physio/heartpy/data2.csv", "hr"),
        ("heartpy_data3", "data/physio/heartpy/data3.csv", "hr"),
        ("systole_ppg", "data/physio/systole/systole_ppg_75hz.csv", "ppg"),
        ("biosppy_ppg", "data/physio/biosppy/biosppy_ppg.csv", "ppg_adu"),
    ]

    @Test(
        "F1 ≥ 99 % against NeuroKit2's ppg_process peaks (±100 ms) on every shared PPG record",
        arguments: records.map(\.0))
    func agreement(record: String) throws {
        let entry = try #require(Self.records.first { $0.0 == record })
        let summary = try PhysioData.json("reference/physio/ppg/ppg_summary.json")
        let fs = try #require(((summary[record] as? [String: Any])?["fs"] as? NSNumber)?.doubleValue)
        let x: [Double]
        if let column = entry.2 {
            x = try PhysioData.column(entry.1, column)
        } else {
            x = try readNumberLines(TestPaths.shared(entry.1))
        }
        let beats = try PPG.process(try Signal(samples: x, sampleRate: fs))
        let ref = try PhysioData.referencePeaks(record: record, detector: "nk_ppg_process_default", ppg: true)
        #expect(!ref.isEmpty)
        let m = BeatMatch.compare(detected: beats.peaks, reference: ref, sampleRate: fs, toleranceMs: 100)
        print("\(record): ours \(beats.peaks.count) NeuroKit2 \(ref.count) F1 \(m.f1 * 100) %")
        #expect(m.f1 >= 0.99)
        #expect(beats.quality.count == beats.peaks.count)
    }
}
