import AffectTestSupport
import Foundation
import Physio
import Tabular

/// Loaders for the shared physiology data and reference files.
enum PhysioData {
    static func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.shared(relative)))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    static func localJSON(_ name: String) throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Reference/\(name)")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    static func column(_ relative: String, _ name: String) throws -> [Double] {
        try CSVTable(contentsOfFile: TestPaths.shared(relative)).numbers(name)
    }

    /// Annotated beat sample indices of MIT-BIH record 100 (all 2273 beat labels).
    static func mitdb100Beats() throws -> [Int] {
        let t = try CSVTable(contentsOfFile: TestPaths.shared("data/physio/mitdb100/mitdb100_atr.csv"))
        let s = try t.numbers("sample")
        let b = try t.numbers("is_beat")
        return zip(s, b).filter { $0.1 == 1 }.map { Int($0.0) }
    }

    /// `record,detector,sample` tables parsed once per test process.
    static let ecgPeakTable = Result { try peakTable("reference/physio/ecg/ecg_peaks_all_detectors.csv") }
    static let ppgPeakTable = Result { try peakTable("reference/physio/ppg/ppg_peaks_all_detectors.csv") }

    static func peakTable(_ relative: String) throws -> [String: [Int]] {
        let t = try CSVTable(contentsOfFile: TestPaths.shared(relative))
        let r = try t.strings("record")
        let d = try t.strings("detector")
        let s = try t.numbers("sample")
        var out: [String: [Int]] = [:]
        for i in r.indices { out["\(r[i])/\(d[i])", default: []].append(Int(s[i])) }
        return out
    }

    /// Peaks of one detector on one record from the shared ECG (or PPG) reference table.
    static func referencePeaks(record: String, detector: String, ppg: Bool = false) throws -> [Int] {
        let table = try (ppg ? ppgPeakTable : ecgPeakTable).get()
        return table["\(record)/\(detector)"] ?? []
    }

    /// Compares every feature present in `reference` (NeuroKit2 names) and returns mismatches.
    static func mismatches(_ ours: [PhysioFeature], _ reference: [String: Any], names: [String], rtol: Double)
        -> [String]
    {
        var bad: [String] = []
        for name in names {
            if reference[name] is NSNull {
                if let v = ours[feature: name], !v.isNaN { bad.append("\(name): ours \(v), reference undefined") }
                continue
            }
            guard let ref = (reference[name] as? NSNumber)?.doubleValue else {
                bad.append("\(name): missing in reference")
                continue
            }
            guard let v = ours[feature: name] else {
                bad.append("\(name): missing in ours")
                continue
            }
            if !Tolerance.close(v, ref, rtol: rtol, atol: 1e-12) { bad.append("\(name): ours \(v) vs \(ref)") }
        }
        return bad
    }
}
