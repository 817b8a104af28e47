import Calibration
import Foundation

/// Risk–coverage curve (El-Yaniv & Wiener 2010; Geifman et al. 2019): selective risk against
/// coverage when abstaining on the least confident predictions, with the AURC in the title, the
/// full-coverage risk as a dashed line and, if given, the target risk and the abstention point.
/// The polyline is thinned to at most 800 points for drawing; `csv` keeps every cut-off.
public enum RiskCoveragePlot {
    public static func svg(
        curve: RiskCoverage, targetRisk: Double? = nil, title: String = "Risk-coverage", width: Double = 520,
        height: Double = 420
    ) -> String {
        let heading =
            "\(title): AURC = \(SVGDocument.label(curve.aurc)), E-AURC = \(SVGDocument.label(curve.excessAURC))"
        var doc = SVGDocument(width: width, height: height, title: heading)
        let maxRisk = max(curve.risk.max() ?? 1, targetRisk ?? 0, 0.05)
        let yTop = min(1, (maxRisk * 1.1 * 10).rounded(.up) / 10)
        let frame = PlotFrame(
            left: 64, top: 40, width: width - 96, height: height - 110, xRange: 0...1, yRange: 0...yTop)
        doc.text(heading, x: width / 2, y: 22, size: 14, anchor: .middle, bold: true)
        frame.drawAxes(
            into: &doc, xLabel: "coverage (fraction of predictions accepted)", yLabel: "selective risk (error rate)",
            xTicks: PlotFrame.ticks(0...1, count: 5), yTicks: PlotFrame.ticks(0...yTop, count: 5))
        let n = curve.coverage.count
        let stride = max(1, n / 800)
        var pts: [(Double, Double)] = []
        var i = 0
        while i < n {
            pts.append((frame.x(curve.coverage[i]), frame.y(curve.risk[i])))
            i += stride
        }
        if n > 0, (n - 1) % stride != 0 { pts.append((frame.x(curve.coverage[n - 1]), frame.y(curve.risk[n - 1]))) }
        doc.polyline(pts, stroke: "#4a78b5", width: 1.8)
        let full = curve.fullCoverageRisk
        doc.line(
            x1: frame.x(0), y1: frame.y(full), x2: frame.x(1), y2: frame.y(full), stroke: "#888", width: 1, dash: "4 3")
        var legend = "dashed: risk at full coverage \(SVGDocument.label(full))"
        if let t = targetRisk {
            doc.line(
                x1: frame.x(0), y1: frame.y(t), x2: frame.x(1), y2: frame.y(t), stroke: "#d9534f", width: 1, dash: "2 2"
            )
            if let a = curve.abstention(targetRisk: t) {
                doc.circle(cx: frame.x(a.coverage), cy: frame.y(a.risk), r: 4, fill: "#d9534f")
                legend +=
                    "; target risk \(SVGDocument.label(t)): accept confidence >= \(SVGDocument.label(a.threshold, digits: 4)), coverage \(SVGDocument.label(a.coverage))"
            } else {
                legend += "; target risk \(SVGDocument.label(t)) not reachable"
            }
        }
        doc.text(legend, x: width / 2, y: height - 22, size: 10, anchor: .middle, fill: "#333")
        return doc.rendered
    }

    /// Every cut-off: coverage, selective risk and the confidence threshold.
    public static func csv(curve: RiskCoverage) -> String {
        var s = "coverage,risk,threshold\n"
        s.reserveCapacity(curve.coverage.count * 48)
        for i in curve.coverage.indices {
            s += "\(curve.coverage[i]),\(curve.risk[i]),\(curve.threshold[i])\n"
        }
        return s
    }

    /// Curve from predictions (top-label confidence and correctness).
    public static func make(_ p: Predictions, targetRisk: Double? = nil, title: String = "Risk-coverage") -> (
        svg: String, csv: String
    ) {
        let top = p.topLabel()
        let c = RiskCoverage(confidence: top.confidence, correct: top.correct)
        return (svg(curve: c, targetRisk: targetRisk, title: title), csv(curve: c))
    }
}
