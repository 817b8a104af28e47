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
        var cleaning = ECGCleaning()
        cleaning.powerlineHz = 60
        let cleaned = try cleaning.apply(r.mlii)
        let refRMSSD = try #require(
            try HRVTime.features(RRSeries(peaks: r.beats, sampleRate: 360))[feature: "HRV_RMSSD"])
        for method in ECGDetector.allCases {
            let peaks = try method.detect(cleaned)
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
