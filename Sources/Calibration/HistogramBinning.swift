import Foundation
import Tabular

/// Histogram binning (Zadrozny & Elkan 2001): equal-width bins on [0, 1]; a score is replaced by
/// the observed frequency of its bin in the calibration split; an empty bin maps to its centre.
/// Equals netcal `HistogramBinning(bins=B)` on these data. Binary input: fitted on class 1,
/// p'_0 = 1 − p'_1; K > 2: one-vs-rest, then rows divided by their sum (uniform if the sum is 0).
public struct HistogramBinning: Codable, Sendable, Equatable {
    public let classCount: Int
    public let bins: Int
    public let edges: BinEdgeConvention
    /// Per calibrated class: the value of each bin.
    public let values: [[Double]]
    /// Per calibrated class: calibration-split count of each bin.
    public let counts: [[Int]]

    enum CodingKeys: String, CodingKey {
        case bins, edges, values, counts
        case classCount = "class_count"
    }

    /// The model fields in file order.
    public var fields: [(String, JSONValue)] {
        [
            ("bins", .integer(bins)), ("class_count", .integer(classCount)),
            ("counts", .array(counts.map { .integers($0) })), ("edges", .string(edges.rawValue)),
            ("values", .array(values.map { .numbers($0) })),
        ]
    }

    public static func fit(_ p: Predictions, bins: Int, edges: BinEdgeConvention) throws(CalibrationError)
        -> HistogramBinning
    {
        guard bins >= 1 else { throw .parameter(name: "histogram bins", value: "\(bins)", expected: "at least 1") }
        let k = p.classCount
        var vals: [[Double]] = []
        var cnts: [[Int]] = []
        let e = Reliability.equalWidthEdges(bins)
        for c in (k == 2 ? [1] : Array(0..<k)) {
            let rb = Reliability.equalWidth(
                scores: p.column(c), outcomes: p.labels.map { $0 == c ? 1.0 : 0.0 }, bins: bins, edges: edges)
            vals.append(rb.counts.indices.map { rb.counts[$0] > 0 ? rb.meanOutcome[$0] : (e[$0] + e[$0 + 1]) / 2 })
            cnts.append(rb.counts)
        }
        return HistogramBinning(classCount: k, bins: bins, edges: edges, values: vals, counts: cnts)
    }

    public func apply(probabilities: [Double], classCount k: Int) -> [Double] {
        let e = Reliability.equalWidthEdges(bins)
        let right = edges == .rightClosed
        let n = probabilities.count / k
        var out = [Double](repeating: 0, count: probabilities.count)
        e.withUnsafeBufferPointer { ep in
            for i in 0..<n {
                if k == 2 {
                    let q = values[0][Reliability.binIndex(probabilities[i * 2 + 1], edges: ep, rightClosed: right)]
                    out[i * 2] = 1 - q
                    out[i * 2 + 1] = q
                } else {
                    var s = 0.0
                    for j in 0..<k {
                        out[i * k + j] =
                            values[j][
                                Reliability.binIndex(probabilities[i * k + j], edges: ep, rightClosed: right)]
                        s += out[i * k + j]
                    }
                    for j in 0..<k { out[i * k + j] = s != 0 ? out[i * k + j] / s : 1 / Double(k) }
                }
            }
        }
        return out
    }
}
