import AffectTestSupport
import Calibration
import Foundation
import Tabular

/// Loads the shared prediction sets and the reference JSON (../shared/reference/predictions).
enum Ref {
    /// Parsed on each access (60 kB; keeps the test target free of shared mutable state).
    static var json: [String: Any] {
        let path = TestPaths.shared("reference/predictions/calibration_reference.json")
        guard let data = FileManager.default.contents(atPath: path),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return obj
    }

    /// The value at a '/'-separated path in the reference JSON.
    static func value(_ path: String) -> Any? {
        var cur: Any? = json
        for key in path.split(separator: "/", omittingEmptySubsequences: true) {
            cur = (cur as? [String: Any])?[String(key)]
        }
        return cur
    }

    /// The value under explicit keys (for reference keys that contain '/').
    static func at(_ keys: String...) -> Any? {
        var cur: Any? = json
        for key in keys { cur = (cur as? [String: Any])?[key] }
        return cur
    }

    static func number(_ path: String) -> Double? { (value(path) as? NSNumber)?.doubleValue }

    static func numbers(_ path: String) -> [Double]? {
        (value(path) as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue }
    }

    static func table(_ name: String) throws -> CSVTable {
        try CSVTable(contentsOfFile: TestPaths.shared("data/predictions/\(name).csv"))
    }

    /// Every set, all rows and per split, parsed once (the CSV parse dominates debug test time).
    static let loaded: [String: Predictions] = {
        var out: [String: Predictions] = [:]
        for name in sets {
            guard let t = try? table(name), let col = try? t.columnIndex("split") else { continue }
            out[name] = try? Predictions(table: t)
            for s in [0, 1] {
                let sub = CSVTable(source: t.source, header: t.header, rows: t.rows.filter { Int($0[col]) == s })
                out["\(name)#\(s)"] = try? Predictions(table: sub)
            }
        }
        return out
    }()

    /// A prediction set, optionally only the rows of one split.
    static func predictions(_ name: String, split: Int? = nil) throws -> Predictions {
        guard let p = loaded[split.map { "\(name)#\($0)" } ?? name] else {
            throw CalibrationError.empty(source: name, detail: "reference set not loadable")
        }
        return p
    }

    /// The probability matrix of a reference output file (`id,p0,…`), row-major.
    static func outputs(_ file: String) throws -> (probabilities: [Double], classCount: Int) {
        let t = try CSVTable(contentsOfFile: TestPaths.shared("data/predictions/\(file)"))
        let k = t.header.count - 1
        let cols = try (0..<k).map { try t.numbers("p\($0)") }
        var out = [Double](repeating: 0, count: t.rows.count * k)
        for i in 0..<t.rows.count { for j in 0..<k { out[i * k + j] = cols[j][i] } }
        return (out, k)
    }

    /// A JSON object committed next to the tests (Tests/CalibrationTests/Reference/<file>, made by
    /// the script there); parsed on each access.
    static func local(_ file: String) -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Reference/" + file)
        guard let data = try? Data(contentsOf: url),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return obj
    }

    static let sets = ["binary_overconfident", "multiclass4_overconfident", "multiclass4_underconfident"]
}
