import AffectTestSupport
import Calibration
import Foundation
import Reporting
import Tabular
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// SVG plots are well-formed XML, deterministic, show the numbers they claim, and their CSVs hold
/// the numbers behind them.
@Suite struct CalibrationPlotTests {
    static func predictions() throws -> Predictions {
        try Predictions(table: CSVTable(contentsOfFile: TestPaths.shared("data/predictions/binary_overconfident.csv")))
    }

    /// Parses the SVG and counts elements by name.
    static func elements(_ svg: String) -> [String: Int]? {
        final class Counter: NSObject, XMLParserDelegate {
            var counts: [String: Int] = [:]
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) { counts[name, default: 0] += 1 }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let c = Counter()
        parser.delegate = c
        return parser.parse() ? c.counts : nil
    }

    @Test func svgPrimitives() {
        #expect(SVGDocument.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        #expect(SVGDocument.number(1.23456) == "1.235")
        #expect(SVGDocument.number(2.0) == "2")
        #expect(SVGDocument.number(-0.0001) == "0")
        #expect(SVGDocument.number(.nan) == "0")
        var d = SVGDocument(width: 100, height: 50, title: "t<1>")
        d.text("x & y", x: 1, y: 2)
        d.rect(x: 0, y: 0, width: 10, height: 5, fill: "#fff", tooltip: "tip")
        d.line(x1: 0, y1: 0, x2: 1, y2: 1, dash: "2 2")
        d.polyline([(0, 0), (1, 2)])
        let counts = Self.elements(d.rendered)
        #expect(counts?["text"] == 1 && counts?["line"] == 1 && counts?["polyline"] == 1)
        let f = PlotFrame(left: 10, top: 10, width: 100, height: 100, xRange: 0...1, yRange: 0...1)
        #expect(f.x(0.5) == 60 && f.y(1) == 10 && f.y(0) == 110)
    }

    @Test func reliabilityDiagram() throws {
        let p = try Self.predictions()
        let (svg, csv) = try ReliabilityDiagram.make(p, bootstrap: Bootstrap(replicates: 20, seed: 3))
        let again = try ReliabilityDiagram.make(p, bootstrap: Bootstrap(replicates: 20, seed: 3))
        #expect(svg == again.svg && csv == again.csv)
        let counts = try #require(Self.elements(svg))
        let r = try CalibrationMetrics.report(p, options: MetricOptions(smoothECE: false))
        #expect(svg.contains("ECE = \(String(format: "%.3f", r.value("ece")!)) ["))
        #expect(svg.contains("(95% CI)"))
        let top = p.topLabel()
        let bins = Reliability.equalWidth(scores: top.confidence, outcomes: top.correct, bins: 15)
        let nonEmpty = bins.counts.filter { $0 > 0 }.count
        // Two rects per non-empty bin (bar and gap) + background + frame + 2 legend swatches.
        #expect(counts["rect"] == 2 * nonEmpty + 4)
        for c in bins.counts where c > 0 { #expect(svg.contains(">\(c)</text>")) }
        // CSV: header + one row per bin, numbers equal to the bins'.
        let table = try CSVTable(text: csv, source: "reliability.csv")
        #expect(table.rows.count == 15)
        #expect(try table.numbers("count") == bins.counts.map(Double.init))
        let acc = try table.numbers("accuracy", allowMissing: true)
        #expect(zip(acc, bins.meanOutcome).allSatisfy { $0.isNaN ? $1.isNaN : $0 == $1 })
    }

    @Test func riskCoveragePlot() throws {
        let p = try Self.predictions()
        let (svg, csv) = RiskCoveragePlot.make(p, targetRisk: 0.15)
        let counts = try #require(Self.elements(svg))
        #expect(counts["polyline"] == 1 && counts["circle"] == 1)
        let top = p.topLabel()
        let curve = RiskCoverage(confidence: top.confidence, correct: top.correct)
        #expect(svg.contains("AURC = \(String(format: "%.3f", curve.aurc))"))
        let table = try CSVTable(text: csv, source: "rc.csv")
        #expect(table.rows.count == p.count)
        #expect(try table.numbers("risk") == curve.risk)
        let a = try #require(curve.abstention(targetRisk: 0.15))
        #expect(svg.contains("accept confidence &gt;= \(String(format: "%.4f", a.threshold))"))
    }
}
