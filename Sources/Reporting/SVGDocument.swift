import Foundation

/// A small SVG 1.1 writer: rectangles, lines, polylines, circles, text, and plot frames with
/// axes. Output is deterministic text: numbers are written with at most 3 decimals (trailing
/// zeros dropped, never "-0"), attributes in a fixed order, text XML-escaped. No layout engine:
/// callers place everything in pixel coordinates, usually through a `PlotFrame`.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    private var elements: [String] = []

    /// An empty drawing of `width` × `height` pixels with an optional accessible title.
    public init(width: Double, height: Double, title: String? = nil) {
        self.width = width
        self.height = height
        if let t = title { elements.append("<title>\(Self.escape(t))</title>") }
    }

    /// Text-anchor of a text element.
    public enum Anchor: String, Sendable {
        case start, middle, end
    }

    /// XML escaping of &, <, >, " and '.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Deterministic coordinate: rounded to 3 decimals, trailing zeros removed, no "-0"; NaN/Inf → "0".
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        var s = String(format: "%.3f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// A value for labels with `digits` significant decimals (e.g. "0.111"), "NaN" when undefined.
    public static func label(_ x: Double, digits: Int = 3) -> String {
        x.isFinite ? String(format: "%.\(digits)f", x) : "NaN"
    }

    private static func style(fill: String?, stroke: String?, strokeWidth: Double?, opacity: Double?, dash: String?)
        -> String
    {
        var s = ""
        s += " fill=\"\(escape(fill ?? "none"))\""
        if let st = stroke { s += " stroke=\"\(escape(st))\"" }
        if let w = strokeWidth { s += " stroke-width=\"\(number(w))\"" }
        if let o = opacity { s += " opacity=\"\(number(o))\"" }
        if let d = dash { s += " stroke-dasharray=\"\(escape(d))\"" }
        return s
    }

    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String?, stroke: String? = nil,
        strokeWidth: Double? = nil, opacity: Double? = nil, tooltip: String? = nil
    ) {
        let attrs =
            "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(width, 0)))\" height=\"\(Self.number(max(height, 0)))\""
        let st = Self.style(fill: fill, stroke: stroke, strokeWidth: strokeWidth, opacity: opacity, dash: nil)
        if let t = tooltip {
            elements.append("<rect \(attrs)\(st)><title>\(Self.escape(t))</title></rect>")
        } else {
            elements.append("<rect \(attrs)\(st)/>")
        }
    }

    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#000", width: Double = 1, dash: String? = nil
    ) {
        elements.append(
            "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\""
                + Self.style(fill: nil, stroke: stroke, strokeWidth: width, opacity: nil, dash: dash) + "/>")
    }

    public mutating func polyline(_ points: [(Double, Double)], stroke: String = "#000", width: Double = 1.5) {
        let pts = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        elements.append(
            "<polyline points=\"\(pts)\""
                + Self.style(fill: nil, stroke: stroke, strokeWidth: width, opacity: nil, dash: nil)
                + "/>")
    }

    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String) {
        elements.append(
            "<circle cx=\"\(Self.number(cx))\" cy=\"\(Self.number(cy))\" r=\"\(Self.number(r))\" fill=\"\(Self.escape(fill))\"/>"
        )
    }

    public mutating func text(
        _ s: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start, bold: Bool = false,
        rotate: Double? = nil, fill: String = "#000"
    ) {
        var attrs =
            "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-family=\"sans-serif\" font-size=\"\(Self.number(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(Self.escape(fill))\""
        if bold { attrs += " font-weight=\"bold\"" }
        if let r = rotate { attrs += " transform=\"rotate(\(Self.number(r)) \(Self.number(x)) \(Self.number(y)))\"" }
        elements.append("<text \(attrs)>\(Self.escape(s))</text>")
    }

    /// The complete SVG file text.
    public var rendered: String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#fff\"/>\n"
        for e in elements { s += e + "\n" }
        return s + "</svg>\n"
    }
}

/// A rectangular plotting area mapping data coordinates to pixels (y grows upwards in data).
public struct PlotFrame: Sendable {
    public let left: Double
    public let top: Double
    public let width: Double
    public let height: Double
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>

    public init(
        left: Double, top: Double, width: Double, height: Double, xRange: ClosedRange<Double>,
        yRange: ClosedRange<Double>
    ) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        self.xRange = xRange
        self.yRange = yRange
    }

    /// Pixel x of data x.
    public func x(_ v: Double) -> Double {
        left + (v - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * width
    }

    /// Pixel y of data y.
    public func y(_ v: Double) -> Double {
        top + height - (v - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * height
    }

    /// Evenly spaced ticks from the lower to the upper bound.
    public static func ticks(_ r: ClosedRange<Double>, count: Int) -> [Double] {
        (0...count).map { r.lowerBound + (r.upperBound - r.lowerBound) * Double($0) / Double(count) }
    }

    /// Box, grid lines, tick labels and axis titles.
    public func drawAxes(
        into doc: inout SVGDocument, xLabel: String, yLabel: String, xTicks: [Double], yTicks: [Double]
    ) {
        for t in xTicks {
            doc.line(x1: x(t), y1: top, x2: x(t), y2: top + height, stroke: "#e5e5e5", width: 1)
            doc.text(SVGDocument.label(t, digits: 1), x: x(t), y: top + height + 16, size: 11, anchor: .middle)
        }
        for t in yTicks {
            doc.line(x1: left, y1: y(t), x2: left + width, y2: y(t), stroke: "#e5e5e5", width: 1)
            doc.text(SVGDocument.label(t, digits: 1), x: left - 6, y: y(t) + 4, size: 11, anchor: .end)
        }
        doc.rect(x: left, y: top, width: width, height: height, fill: nil, stroke: "#333", strokeWidth: 1)
        doc.text(xLabel, x: left + width / 2, y: top + height + 34, size: 12, anchor: .middle)
        doc.text(yLabel, x: left - 38, y: top + height / 2, size: 12, anchor: .middle, rotate: -90)
    }
}
