import AffectTestSupport
import Foundation
import Physio
import SignalCore
import Testing

/// MIT-BIH record 100 read once through the WFDB reader (header, format 212, annotations).
enum MITBIH100 {
    struct Record: Sendable {
        let mlii: Signal
        let beats: [Int]
    }

    static let record: Result<Record, Error> = Result {
        let dir = TestPaths.shared("data/physio/mitdb100") + "/"
        let header = try WFDB.parseHeader(String(contentsOfFile: dir + "100.hea", encoding: .utf8), file: "100.hea")
        let dat = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "100.dat")))
        let mv = try WFDB.physicalSignal(header: header, index: 0, dataFile: dat)
        let atr = try WFDB.parseAnnotations([UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "100.atr"))))
        return Record(
            mlii: try Signal(samples: mv, sampleRate: header.samplingFrequency),
            beats: atr.filter(\.isBeat).map(\.sample))
    }

    static func get() throws -> Record { try record.get() }
}

@Suite("ECG: WFDB reader and R-peak detectors on MIT-BIH 100")
struct ECGTests {
    @Test("WFDB 212 + .atr reader equals the shared CSV versions")
    func wfdbReader() throws {
        let r = try MITBIH100.get()
        #expect(r.mlii.count == 650_000)
        #expect(r.mlii.sampleRate == 360)
        #expect(r.beats == (try PhysioData.mitdb100Beats()))
        // Spot-check samples against the CSV (3 decimals in mV).
        let head = try String(
            contentsOfFile: TestPaths.shared("data/physio/mitdb100/mitdb100_mlii.csv"), encoding: .utf8
        )
        .split(separator: "\n").dropFirst().prefix(2000).map { Double($0.split(separator: ",")[1])! }
        #expect(Tolerance.maxAbsDiff(Array(r.mlii.samples.prefix(2000)), head) < 1e-9)
    }

    @Test("Every detector: F1 ≥ 99.9 % at ±150 ms; default 100 %, abs(mean offset) ≤ 2 ms, SD ≤ 2 ms, RMSSD within 1 %")
    func detectors() throws {
        let r = try MITBIH100.get()
        var p = ECGParameters()
        p.cleaning.powerlineHz = 60
        let refRMSSD = try #require(
            try HRVTime.features(RRSeries(peaks: r.beats, sampleRate: 360))[feature: "HRV_RMSSD"])
        for method in ECGDetector.allCases {
            p.detector = method
            let peaks = try ECG.process(r.mlii, parameters: p).peaks  // 5-min blocks on this 30-min record
            let m = BeatMatch.compare(detected: peaks, reference: r.beats, sampleRate: 360)
            let meanOff = Stats.mean(m.offsetsMs)
            let sdOff = Stats.sd(m.offsetsMs)
            let rmssd = try #require(
                try HRVTime.features(RRSeries(peaks: peaks, sampleRate: 360))[feature: "HRV_RMSSD"])
            print(
                "\(method.rawValue): TP \(m.truePositives) FP \(m.falsePositives) FN \(m.falseNegatives) F1 \(m.f1 * 100) offset \(meanOff) ± \(sdOff) ms RMSSD \(rmssd) vs \(refRMSSD)"
            )
            #expect(m.f1 >= 0.999, "\(method.rawValue) F1 \(m.f1)")
            if method == .standard {
                #expect(m.falsePositives == 0 && m.falseNegatives == 0)
                #expect(abs(meanOff) <= 2 && sdOff <= 2)
                #expect(abs(rmssd / refRMSSD - 1) <= 0.01)
            }
        }
    }
}

@Suite("ECG: agreement with NeuroKit2's default peaks on the unannotated records")
struct ECGAgreementTests {
    /// NeuroKit2's default detector cannot return a beat in the first 0.3 s (its beat list starts
    /// with a virtual beat at sample 0 and a 0.3 s refractory time), so beats there are left out of
    /// the comparison. Record 208 is not clean (frequent PVCs, where detectors disagree; NeuroKit2's
    /// own `neurokit` method reaches 98.3 % against its default): its bound is 97 %, reported, not
    /// the 99 % of the clean records.
    @Test(
        "Default detector F1 against nk_ecg_process_default (±150 ms): ≥ 99 % on clean records",
        arguments: [
            ("mitdb208_excerpt", "data/physio/mitdb208_scipy/mitdb208_excerpt_mlii.csv", "mlii_mv", 360.0, 60.0, 0.97),
            ("pyhrv_sample_ecg", "data/physio/pyhrv/pyhrv_sample_ecg.csv", "ecg_adu", 1000.0, 50.0, 0.99),
            ("biosppy_ecg", "data/physio/biosppy/biosppy_ecg.csv", "ecg_adu", 1000.0, 50.0, 0.99),
        ])
    func agreement(record: String, path: String, column: String, rate: Double, powerline: Double, bound: Double)
        throws
    {
        let x = try PhysioData.column(path, column)
        var p = ECGParameters()
        p.cleaning.powerlineHz = powerline
        let skip = Int(0.3 * rate)
        let ours = try ECG.process(try Signal(samples: x, sampleRate: rate), parameters: p).peaks.filter { $0 > skip }
        let ref = try PhysioData.referencePeaks(record: record, detector: "nk_ecg_process_default").filter { $0 > skip }
        #expect(!ref.isEmpty)
        let m = BeatMatch.compare(detected: ours, reference: ref, sampleRate: rate)
        print("\(record): ours \(ours.count) NeuroKit2 \(ref.count) F1 \(m.f1 * 100) %")
        #expect(m.f1 >= bound)
    }
}
