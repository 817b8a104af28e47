import Calibration
import Foundation
import Tabular
import Testing

/// Bad input gives a clear error naming the file, the row and column, and what was expected.
@Suite struct ValidationTests {
    static func load(_ csv: String, _ validation: Predictions.Validation = .init(), group: String? = nil) throws
        -> Predictions
    {
        try Predictions(
            table: CSVTable(text: csv, source: "bad.csv"), columns: PredictionColumns(group: group),
            validation: validation)
    }

    static func message(_ csv: String, group: String? = nil) -> String {
        do {
            _ = try load(csv, group: group)
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func rowSumsMustBeOne() throws {
        let csv = "y,p0,p1,p2\n0,0.5,0.3,0.1\n1,0.2,0.7,0.1\n"
        let m = Self.message(csv)
        #expect(m.contains("bad.csv") && m.contains("row 1") && m.contains("sum to 0.9") && m.contains("--renormalise"))
        // Renormalised only when asked.
        let p = try Self.load(csv, .init(renormalise: true))
        #expect(abs(p.probabilities[0] - 0.5 / 0.9) < 1e-15)
        #expect(abs(p.probabilities[0..<3].reduce(0, +) - 1) < 1e-15)
    }

    @Test func outOfRangeNaNAndLabels() {
        #expect(Self.message("y,p1\n0,1.2\n1,0.5\n").contains("outside [0, 1]"))
        #expect(Self.message("y,p1\n0,-0.1\n1,0.5\n").contains("column 'p1'"))
        #expect(Self.message("y,p1\n0,nan\n1,0.5\n").contains("not a finite probability"))
        #expect(Self.message("y,p0,p1\n0,,1\n1,0.5,0.5\n").contains("row 1"))
        #expect(Self.message("y,p1\n2,0.3\n1,0.5\n").contains("label '2'"))
        #expect(Self.message("y,p1\nx,0.3\n1,0.5\n").contains("label 'x'"))
        #expect(Self.message("y,p1\n0,abc\n1,0.5\n").contains("'abc' is not a number"))
    }

    @Test func singleClassAndColumns() {
        #expect(Self.message("y,p1\n1,0.3\n1,0.5\n").contains("every label is 1"))
        #expect(Self.message("y,q1\n1,0.3\n0,0.5\n").contains("no probability columns"))
        #expect(Self.message("y,p0,p2\n1,0.3,0.7\n0,0.5,0.5\n").contains("without gaps"))
        #expect(Self.message("label,p1\n1,0.3\n0,0.5\n").contains("no label column 'y'"))
    }

    @Test func emptyInputAndGroups() throws {
        #expect(throws: CalibrationError.self) {
            try Predictions(probabilities: [], classCount: 2, labels: [])
        }
        #expect(Self.message("y,p1,g\n1,0.3,a\n0,0.5,\n", group: "g").contains("empty group"))
        #expect(Self.message("y,p1\n1,0.3\n0,0.5\n", group: "g").contains("no group column 'g'"))
        #expect(throws: CalibrationError.self) {
            try Predictions(probabilities: [0.5, 0.5], classCount: 2, labels: [0, 1])
        }
    }

    @Test func parametersValidated() throws {
        let p = try Predictions(positiveProbabilities: [0.2, 0.8, 0.6], labels: [0, 1, 0])
        #expect(throws: CalibrationError.self) { try CalibrationMetrics.report(p, options: MetricOptions(bins: 0)) }
        #expect(throws: CalibrationError.self) { try Bootstrap(replicates: 0).intervals(p) }
        #expect(throws: CalibrationError.self) {
            try FittedCalibrator.fit(.isotonic, on: p, parameters: CalibratorParameters(isotonicClip: 0.7))
        }
        // A temperature model cannot be applied to a different number of classes.
        let m = try FittedCalibrator.fit(.temperature, on: p)
        #expect(throws: CalibrationError.self) { try m.apply(probabilities: [0.2, 0.3, 0.5], classCount: 3) }
        // A zero probability has infinite log-odds: Platt on log-odds refuses with a reason.
        let z = try Predictions(positiveProbabilities: [0, 0.8, 0.6], labels: [0, 1, 0])
        #expect(throws: CalibrationError.self) { try FittedCalibrator.fit(.platt, on: z) }
    }

    /// Left- and right-closed bins differ exactly for scores on an edge, and the output names them.
    @Test func binEdgeConventions() throws {
        let s = [0.25, 0.5, 0.75, 1.0]
        let o = [0.0, 1, 1, 1]
        let right = Reliability.equalWidth(scores: s, outcomes: o, bins: 4, edges: .rightClosed)
        let left = Reliability.equalWidth(scores: s, outcomes: o, bins: 4, edges: .leftClosed)
        #expect(right.counts == [1, 1, 1, 1])
        #expect(left.counts == [0, 1, 1, 2])
        let p = try Predictions(positiveProbabilities: [0.2, 0.8, 0.6, 0.4], labels: [0, 1, 0, 1])
        let r = try CalibrationMetrics.report(p, options: MetricOptions(smoothECE: false))
        #expect(r.metrics.first { $0.name == "ece" }!.convention.contains("right-closed"))
        #expect(r.json.rendered().contains("\"conventions\""))
    }
}
