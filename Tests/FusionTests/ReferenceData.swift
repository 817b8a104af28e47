import AffectTestSupport
import Foundation
import Fusion
import Tabular

/// Loads ../shared/data/predictions/fusion_dataset.csv and the scikit-learn reference JSON.
enum FusionFixtures {
    static let datasetPath = TestPaths.shared("data/predictions/fusion_dataset.csv")
    static let continuousPath = TestPaths.shared("data/predictions/continuous_affect.csv")

    static func table() throws -> FeatureTable {
        let csv = try CSVTable(contentsOfFile: datasetPath)
        return try FeatureTable.fromCSV(
            csv,
            options: .init(label: "label", subject: "subject", modalityPrefixes: ["prosody_", "face_", "physio_"]))
    }

    static func reference() throws -> [String: Any] {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: TestPaths.shared("reference/predictions/fusion_reference.json")))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func calibrationReference() throws -> [String: Any] {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: TestPaths.shared("reference/predictions/calibration_reference.json")))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Nested lookup by keys.
    static func at(_ obj: Any, _ path: String...) -> Any? {
        var cur: Any? = obj
        for k in path { cur = (cur as? [String: Any])?[k] }
        return cur
    }

    static func doubles(_ any: Any?) -> [Double] {
        (any as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? []
    }

    static func matrix(_ any: Any?) -> [[Double]] { (any as? [Any])?.map { doubles($0) } ?? [] }

    static func number(_ any: Any?) -> Double { (any as? NSNumber)?.doubleValue ?? .nan }
}
