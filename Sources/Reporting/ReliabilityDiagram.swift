import Calibration
import Foundation

/// Reliability diagram (DeGroot & Fienberg 1983; Guo et al. 2017 Fig. 1): per bin a bar of the
/// observed accuracy, the gap to the mean confidence shaded, the count above each bar, the
/// diagonal of perfect calibration, and the ECE (with its bootstrap interval when given) in the
/// title. `csv` writes the numbers behind the figure.
public enum ReliabilityDiagram {
    /// SVG text for reliability bins.
    public static func svg(
        bins: ReliabilityBins, ece: Double, interval: (lower: Double, upper: Double, level: Double)? = nil,
        title: String = "Reliability diagram", convention: String = "", width: Double = 520, height: Double = 520
    ) -> String {
        var heading = "\(title): ECE = \(SVGDocument.label(ece))"
        if let iv = interval {
            heading +=
                " [\(SVGDocument.label(iv.lower)), \(SVGDocument.label(iv.upper))] (\(Int((iv.level * 100).rounded()))% CI)"
        }
        var doc = SVGDocument(width: width, height: height, title: heading)
        let frame = PlotFrame(
            left: 64, top: 48, width: width - 96, height: height - 120, xRange: 0...1, yRange: 0...1)
        doc.text(heading, x: width / 2, y: 22, size: 14, anchor: .middle, bold: true)
        if !convention.isEmpty { doc.text(convention, x: width / 2, y: 38, size: 10, anchor: .middle, fill: "#555") }
        let ticks = PlotFrame.ticks(0...1, count: 5)
        frame.drawAxes(into: &doc, xLabel: "confidence", yLabel: "accuracy", xTicks: ticks, yTicks: ticks)
        for b in bins.counts.indices where bins.counts[b] > 0 {
            let lo = bins.scheme == .equalWidth ? bins.lower[b] : bins.lower[b]
            let hi = bins.upper[b]
            let acc = bins.meanOutcome[b]
            let conf = bins.meanScore[b]
            let x0 = frame.x(lo)
            let w = max(frame.x(hi) - x0, 1)
            doc.rect(
                x: x0, y: frame.y(acc), width: w, height: frame.y(0) - frame.y(acc), fill: "#4a78b5", stroke: "#fff",
                strokeWidth: 0.5,
                tooltip:
                    "bin \(b + 1): n = \(bins.counts[b]), accuracy \(SVGDocument.label(acc)), confidence \(SVGDocument.label(conf))"
            )
            let top = max(acc, conf)
            let bottom = min(acc, conf)
            doc.rect(
                x: x0, y: frame.y(top), width: w, height: frame.y(bottom) - frame.y(top), fill: "#d9534f",
                opacity: 0.45)
            doc.text(
                "\(bins.counts[b])", x: x0 + w / 2, y: frame.y(top) - 4, size: 9, anchor: .middle, fill: "#333")
        }
        doc.line(x1: frame.x(0), y1: frame.y(0), x2: frame.x(1), y2: frame.y(1), stroke: "#555", width: 1, dash: "4 3")
        let ly = height - 30
        doc.rect(x: 70, y: ly - 9, width: 12, height: 10, fill: "#4a78b5")
        doc.text("accuracy (count above bar)", x: 86, y: ly, size: 11)
        doc.rect(x: 270, y: ly - 9, width: 12, height: 10, fill: "#d9534f", opacity: 0.45)
        doc.text("gap to mean confidence", x: 286, y: ly, size: 11)
        return doc.rendered
    }

    /// The numbers behind the diagram: one row per bin (empty bins included, their means empty).
    public static func csv(bins: ReliabilityBins) -> String {
        var s = "bin,lower,upper,count,mean_confidence,accuracy,gap\n"
        for b in bins.counts.indices {
            let filled = bins.counts[b] > 0
            let gap = filled ? bins.meanOutcome[b] - bins.meanScore[b] : Double.nan
            s += "\(b + 1),\(cell(bins.lower[b])),\(cell(bins.upper[b])),\(bins.counts[b]),"
            s += "\(cell(bins.meanScore[b])),\(cell(bins.meanOutcome[b])),\(cell(gap))\n"
        }
        return s
    }

    /// Top-label diagram and CSV for predictions, with the ECE interval from `bootstrap` if given.
    public static func make(
        _ p: Predictions, bins: Int = 15, scheme: BinningScheme = .equalWidth, edges: BinEdgeConvention = .rightClosed,
        bootstrap: Bootstrap? = nil, title: String = "Reliability diagram"
    ) throws(CalibrationError) -> (svg: String, csv: String) {
        let top = p.topLabel()
        let rb = Reliability.bins(
            scores: top.confidence, outcomes: top.correct, bins: bins, scheme: scheme, edges: edges)
        var iv: (Double, Double, Double)? = nil
        if let b = bootstrap {
            let opts = MetricOptions(bins: bins, scheme: scheme, edges: edges, smoothECE: false)
            if let e = try b.intervals(p, options: opts).first(where: { $0.0 == "ece" })?.1 {
                iv = (e.lower, e.upper, b.level)
            }
        }
        let convention =
            "top-label, \(bins) \(scheme == .equalWidth ? "equal-width" : "equal-mass") bins"
            + (scheme == .equalWidth ? (edges == .rightClosed ? ", right-closed" : ", left-closed") : "")
            + ", n = \(p.count)"
        return (svg(bins: rb, ece: rb.ece, interval: iv, title: title, convention: convention), csv(bins: rb))
    }

    /// A CSV number cell: shortest round-trip form, empty for NaN.
    static func cell(_ x: Double) -> String { x.isNaN ? "" : "\(x)" }
}
