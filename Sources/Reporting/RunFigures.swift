import Foundation

/// The calibration figures of a run report, as SVG text: a reliability diagram (accuracy per
/// confidence bin as bars with the gap to the diagonal, bin counts, ECE with its CI in the title)
/// and a risk–coverage curve. The numbers behind each are written as CSV by the caller.
/// (Small, self-contained writers; when the calibration module's plot writers are part of the
/// build they can replace these.)
public enum RunFigures {
    static func f(_ x: Double) -> String { String(format: "%.2f", x) }

    /// Reliability diagram. Bins are given by lower/upper edges, counts, mean confidence and
    /// accuracy (NaN for empty bins, which are not drawn).
    public static func reliability(
        lower: [Double], upper: [Double], counts: [Int], confidence: [Double],
        accuracy: [Double], title: String, subtitle: String
    ) -> String {
        let w = 320.0
        let h = 320.0
        let l = 48.0
        let t = 44.0
        let pw = 250.0
        let ph = 220.0
        func x(_ v: Double) -> Double { l + v * pw }
        func y(_ v: Double) -> Double { t + (1 - v) * ph }
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(w))\" height=\"\(f(h))\" viewBox=\"0 0 \(f(w)) \(f(h))\" font-family=\"sans-serif\" font-size=\"10\">\n"
        s +=
            "<text x=\"\(f(w / 2))\" y=\"14\" text-anchor=\"middle\" font-size=\"12\">\(ReportHTML.escape(title))</text>\n"
        s +=
            "<text x=\"\(f(w / 2))\" y=\"29\" text-anchor=\"middle\" fill=\"#444\">\(ReportHTML.escape(subtitle))</text>\n"
        s +=
            "<rect x=\"\(f(l))\" y=\"\(f(t))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"#fafafa\" stroke=\"#999\"/>\n"
        for g in stride(from: 0.0, through: 1.0, by: 0.2) {
            s +=
                "<text x=\"\(f(x(g)))\" y=\"\(f(t + ph + 12))\" text-anchor=\"middle\">\(String(format: "%.1f", g))</text>\n"
            s +=
                "<text x=\"\(f(l - 4))\" y=\"\(f(y(g) + 3))\" text-anchor=\"end\">\(String(format: "%.1f", g))</text>\n"
        }
        let maxCount = max(1, counts.max() ?? 1)
        for i in lower.indices where counts[i] > 0 && accuracy[i].isFinite {
            let x0 = x(lower[i])
            let bw = max(1, (upper[i] - lower[i]) * pw - 1)
            s +=
                "<rect x=\"\(f(x0))\" y=\"\(f(y(accuracy[i])))\" width=\"\(f(bw))\" height=\"\(f(ph * accuracy[i]))\" fill=\"#4a78b5\" fill-opacity=\"0.8\"/>\n"
            let top = max(accuracy[i], confidence[i])
            let gap = abs(accuracy[i] - confidence[i])
            s +=
                "<rect x=\"\(f(x0))\" y=\"\(f(y(top)))\" width=\"\(f(bw))\" height=\"\(f(ph * gap))\" fill=\"#d9534f\" fill-opacity=\"0.35\"/>\n"
            let ch = 18 * Double(counts[i]) / Double(maxCount)
            s +=
                "<rect x=\"\(f(x0))\" y=\"\(f(t + ph - ch))\" width=\"\(f(bw))\" height=\"\(f(ch))\" fill=\"#888\" fill-opacity=\"0.5\"><title>n = \(counts[i])</title></rect>\n"
        }
        s +=
            "<line x1=\"\(f(x(0)))\" y1=\"\(f(y(0)))\" x2=\"\(f(x(1)))\" y2=\"\(f(y(1)))\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>\n"
        s +=
            "<text x=\"\(f(l + pw / 2))\" y=\"\(f(t + ph + 28))\" text-anchor=\"middle\">confidence (top-label probability)</text>\n"
        s +=
            "<text x=\"12\" y=\"\(f(t + ph / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(f(t + ph / 2)))\">accuracy</text>\n"
        s +=
            "<text x=\"\(f(l + 4))\" y=\"\(f(t + 12))\" fill=\"#4a78b5\">bars: accuracy</text><text x=\"\(f(l + 4))\" y=\"\(f(t + 24))\" fill=\"#d9534f\">red: gap</text><text x=\"\(f(l + 4))\" y=\"\(f(t + 36))\" fill=\"#666\">grey: count</text>\n"
        s += "</svg>"
        return s
    }

    /// Risk–coverage curves (one per series: name, coverage, risk), risk on [0, 1].
    public static func riskCoverage(series: [(name: String, coverage: [Double], risk: [Double])], title: String)
        -> String
    {
        let w = 360.0
        let h = 300.0
        let l = 48.0
        let t = 30.0
        let pw = 200.0
        let ph = 220.0
        let colours = ["#4a78b5", "#d9534f", "#5cb85c", "#f0ad4e", "#8e44ad", "#555555", "#17becf", "#bcbd22"]
        func x(_ v: Double) -> Double { l + v * pw }
        func y(_ v: Double) -> Double { t + (1 - v) * ph }
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(w))\" height=\"\(f(h))\" viewBox=\"0 0 \(f(w)) \(f(h))\" font-family=\"sans-serif\" font-size=\"10\">\n"
        s +=
            "<text x=\"\(f(w / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"12\">\(ReportHTML.escape(title))</text>\n"
        s +=
            "<rect x=\"\(f(l))\" y=\"\(f(t))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"#fafafa\" stroke=\"#999\"/>\n"
        for g in stride(from: 0.0, through: 1.0, by: 0.2) {
            s +=
                "<text x=\"\(f(x(g)))\" y=\"\(f(t + ph + 12))\" text-anchor=\"middle\">\(String(format: "%.1f", g))</text>\n"
            s +=
                "<text x=\"\(f(l - 4))\" y=\"\(f(y(g) + 3))\" text-anchor=\"end\">\(String(format: "%.1f", g))</text>\n"
        }
        for (i, ser) in series.enumerated() {
            let c = colours[i % colours.count]
            let pts = zip(ser.coverage, ser.risk).filter { $0.0.isFinite && $0.1.isFinite }.map {
                "\(f(x($0.0))),\(f(y(min(1, $0.1))))"
            }
            if !pts.isEmpty {
                s +=
                    "<polyline fill=\"none\" stroke=\"\(c)\" stroke-width=\"1.5\" points=\"\(pts.joined(separator: " "))\"/>\n"
            }
            s +=
                "<text x=\"\(f(l + pw + 8))\" y=\"\(f(t + 10 + 13 * Double(i)))\" fill=\"\(c)\">\(ReportHTML.escape(ser.name))</text>\n"
        }
        s +=
            "<text x=\"\(f(l + pw / 2))\" y=\"\(f(t + ph + 26))\" text-anchor=\"middle\">coverage (share of windows kept)</text>\n"
        s +=
            "<text x=\"12\" y=\"\(f(t + ph / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(f(t + ph / 2)))\">selective risk (error rate)</text>\n"
        s += "</svg>"
        return s
    }
}
