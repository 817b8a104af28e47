import AffectTestSupport
import Foundation
import Physio
import SignalCore
import Testing

@Suite("Physio pipeline: windowed features and bad input")
struct PipelineTests {
    @Test("60 s windows, 30 s hop on the first 3 min of MIT-BIH 100: stable names, plausible values")
    func windows() throws {
        let r = try MITBIH100.get()
        let head = try Signal(samples: Array(r.mlii.samples.prefix(360 * 180)), sampleRate: 360)
        var p = PhysioParameters()
        p.ecg.cleaning.powerlineHz = 60
        let rec = try PhysioRecording.analyse(ecg: head, parameters: p)
        let w = try rec.windowed(length: 60, hop: 30, parameters: p)
        #expect(w.count == 5)
        let names = w[0].features.map(\.name)
        #expect(w.allSatisfy { $0.features.map(\.name) == names })
        #expect(names.contains("HRV_RMSSD") && names.contains("HRV_HF") && names.contains("HRV_SampEn"))
        for (_, f) in w {
            let rate = try #require(f[feature: "ECG_Rate_Mean"])
            #expect(rate > 60 && rate < 90)
            #expect((f[feature: "ECG_Quality_Mean"] ?? 0) > 0.9)
            #expect(f.filter { $0.value.isNaN }.allSatisfy { $0.reason != nil })
        }
    }

    @Test("All modalities at once; PPG features carry the PRV_ prefix")
    func allModalities() throws {
        let ppg = try PhysioData.column("data/physio/systole/systole_ppg_75hz.csv", "ppg")
        let eda = try PhysioData.column("data/physio/biosppy/biosppy_eda.csv", "eda_adu")
        let rsp = try PhysioData.column("data/physio/biosppy/biosppy_resp.csv", "resp_adu")
        let rec = try PhysioRecording.analyse(
            ppg: try Signal(samples: ppg, sampleRate: 75), eda: try Signal(samples: eda, sampleRate: 1000),
            rsp: try Signal(samples: rsp, sampleRate: 1000))
        let f = rec.features(window: 0...60)
        #expect(f[feature: "PRV_RMSSD"] != nil && f[feature: "HRV_RMSSD"] == nil)
        #expect(f[feature: "SCR_Peaks_N"] != nil && f[feature: "RSP_Rate_Mean"] != nil)
        #expect(abs((f[feature: "PPG_Rate_Mean"] ?? 0) - 69) < 10)
    }

    @Test("Bad input gives a clear error, never a crash")
    func badInput() throws {
        let fs = 250.0
        let flat = try Signal(samples: [Double](repeating: 0.2, count: 2500), sampleRate: fs)
        #expect(throws: PhysioError.self) { try ECG.process(flat) }
        #expect(throws: PhysioError.self) { try PPG.process(flat) }
        #expect(throws: PhysioError.self) { try EDA.process(flat) }
        #expect(throws: PhysioError.self) { try RSP.process(flat) }
        let nan = try Signal(samples: [Double](repeating: .nan, count: 2500), sampleRate: fs)
        #expect(throws: PhysioError.self) { try ECG.process(nan) }
        let r = try MITBIH100.get()
        let twoSeconds = try Signal(samples: Array(r.mlii.samples.prefix(360 * 2)), sampleRate: 360)
        // 2 s of ECG: beats are found, HRV is an explicit "not enough beats" result.
        let short = try ECG.process(twoSeconds)
        #expect(throws: PhysioError.self) { try HRV.features(try #require(short.rr)) }
        #expect(
            HRV.featuresOrNaN(short.rr).allSatisfy { $0.value.isNaN && $0.reason?.contains("not enough beats") == true }
        )
        // Wrong rate: the 360 Hz record declared as 3600 Hz or 36 Hz.
        let slice = Array(r.mlii.samples.prefix(360 * 30))
        for wrong in [3600.0, 36] {
            #expect(throws: PhysioError.self) { try ECG.process(try Signal(samples: slice, sampleRate: wrong)) }
        }
        // A header naming a data file that is absent is a header/data mismatch, not a crash.
        let header = try WFDB.parseHeader("x 1 360 1000\nx.dat 212 200 11 1024 0 0 0 MLII\n")
        #expect(throws: PhysioError.self) { try WFDB.physicalSignal(header: header, index: 0, dataFile: []) }
        #expect(throws: PhysioError.self) { try WFDB.parseHeader("# only a comment\n") }
    }
}
