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

    /// Peaks of one detector on one record from the shared reference table.
    static func referencePeaks(record: String, detector: String) throws -> [Int] {
        let t = try CSVTable(contentsOfFile: TestPaths.shared("reference/physio/ecg/ecg_peaks_all_detectors.csv"))
        let r = try t.strings("record")
        let d = try t.strings("detector")
        let s = try t.numbers("sample")
        return r.indices.filter { r[$0] == record && d[$0] == detector }.map { Int(s[$0]) }
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
