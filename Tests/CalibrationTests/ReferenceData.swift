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

    static func number(_ path: String) -> Double? { (value(path) as? NSNumber)?.doubleValue }

    static func numbers(_ path: String) -> [Double]? {
        (value(path) as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue }
    }

    static func table(_ name: String) throws -> CSVTable {
        try CSVTable(contentsOfFile: TestPaths.shared("data/predictions/\(name).csv"))
    }

    /// A prediction set, optionally only the rows of one split.
    static func predictions(_ name: String, split: Int? = nil) throws -> Predictions {
        var t = try table(name)
        if let s = split {
            let col = try t.columnIndex("split")
            t = CSVTable(source: t.source, header: t.header, rows: t.rows.filter { Int($0[col]) == s })
        }
        return try Predictions(table: t)
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

    static let sets = ["binary_overconfident", "multiclass4_overconfident", "multiclass4_underconfident"]
}
