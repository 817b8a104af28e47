import AffectTestSupport
import AudioIO
import Foundation
import Tabular

@testable import Prosody

/// Shared helpers for the Praat-path tests: the speech corpus, Praat's reference values and truth.
enum PraatCorpus {
    /// Rows of MANIFEST.csv: (id, kind).
    static let manifest: [(id: String, kind: String)] = {
        guard let t = try? CSVTable(contentsOfFile: TestPaths.shared("data/speech/MANIFEST.csv")),
            let ids = try? t.strings("id"), let kinds = try? t.strings("kind")
        else { return [] }
        return Array(zip(ids, kinds)).map { (id: $0.0, kind: $0.1) }
    }()

    static func ids(kind: String) -> [String] { manifest.filter { $0.kind == kind }.map(\.id) }

    static func wav(_ id: String) -> String { TestPaths.shared("data/speech/wav16k/\(id).wav") }

    static func reference(_ id: String, _ file: String) -> String {
        TestPaths.shared("reference/speech/\(id)/\(file)")
    }

    /// Praat's summary values for a file.
    static func summary(_ id: String) throws -> [String: Double] {
        let data = try Data(contentsOf: URL(fileURLWithPath: reference(id, "praat_summary.json")))
        let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        var out = [String: Double]()
        for (k, v) in obj { if let d = v as? Double { out[k] = d } else if let i = v as? Int { out[k] = Double(i) } }
        return out
    }

    /// Truth JSON of a synthetic vowel.
    static func truth(_ id: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.shared("data/speech/truth/\(id).truth.json")))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Praat's pitch track (time_s, f0_hz).
    static func praatPitch(_ id: String) throws -> (t: [Double], f0: [Double]) {
        let t = try CSVTable(contentsOfFile: reference(id, "praat_pitch_10ms.csv"))
        return (try t.numbers("time_s"), try t.numbers("f0_hz"))
    }
}

extension PraatCorpus {
    /// Truth F0 per 10 ms (time_s → (f0_cycle_hz, voiced)).
    static func truthF0(_ id: String) throws -> [Int: (f0: Double, voiced: Bool)] {
        let t = try CSVTable(contentsOfFile: TestPaths.shared("data/speech/truth/\(id).f0_10ms.csv"))
        let times = try t.numbers("time_s")
        let f0 = try t.numbers("f0_cycle_hz")
        let v = try t.numbers("voiced")
        var out = [Int: (f0: Double, voiced: Bool)]()
        for i in times.indices { out[Int((times[i] * 100).rounded())] = (f0[i], v[i] > 0) }
        return out
    }
}

extension PraatCorpus {
    /// Glottal closure times (s) and cycle lengths (s) of a synthetic vowel.
    static func closures(_ id: String) throws -> (t: [Double], period: [Double]) {
        let t = try CSVTable(contentsOfFile: TestPaths.shared("data/speech/truth/\(id).closures.csv"))
        return (try t.numbers("closure_time_s"), try t.numbers("cycle_length_s"))
    }
}
