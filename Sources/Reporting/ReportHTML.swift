import Foundation

/// Renders a `ReportDocument` as one self-contained HTML5 file: inline CSS, inline SVG figures,
/// no scripts, no external resources (it opens offline and in a headless browser).
public enum ReportHTML {
    /// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values (the same XML escaping
    /// as the report's inline SVG, `SVGDocument.escape`).
    public static func escape(_ s: String) -> String { SVGDocument.escape(s) }

    static let style = """
        body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.45;padding:0 1em}
        h1{font-size:1.6em;border-bottom:2px solid #345}h2{font-size:1.3em;margin-top:1.6em;border-bottom:1px solid #ccc}h3{font-size:1.1em}
        table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}
        th{background:#eef2f6}td.num{text-align:right;font-variant-numeric:tabular-nums}caption{caption-side:top;text-align:left;font-style:italic;padding:.2em 0}
        .figs{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0;border:1px solid #ddd;padding:.5em;background:#fff}
        figcaption{font-size:.85em;color:#444;max-width:420px}pre{background:#f6f8fa;padding:.8em;overflow-x:auto;font-size:.85em}
        .note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5em .8em}
        """

    public static func render(_ doc: ReportDocument) -> String {
        var s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        s += "<title>\(escape(doc.title))</title>\n<style>\n\(style)\n</style>\n</head>\n<body>\n"
        s += "<h1>\(escape(doc.title))</h1>\n"
        for b in doc.blocks {
            switch b {
            case .heading(let level, let text):
                let h = min(6, level + 1)
                s += "<h\(h)>\(escape(text))</h\(h)>\n"
            case .paragraph(let text): s += "<p>\(escape(text))</p>\n"
            case .bullets(let items): s += "<ul>\n" + items.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let caption, let header, let rows):
                s += "<table>\n"
                if !caption.isEmpty { s += "<caption>\(escape(caption))</caption>\n" }
                s += "<thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for r in rows {
                    s +=
                        "<tr>"
                        + r.map { c in (isNumeric(c) ? "<td class=\"num\">" : "<td>") + escape(c) + "</td>" }.joined()
                        + "</tr>\n"
                }
                s += "</tbody>\n</table>\n"
            case .figures(let figs):
                s += "<div class=\"figs\">\n"
                for f in figs {
                    s += "<figure>\n\(stripXMLDeclaration(f.svg))\n<figcaption>\(escape(f.caption))"
                    if let csv = f.csv { s += " Numbers: <code>\(escape(csv))</code>." }
                    s += "</figcaption>\n</figure>\n"
                }
                s += "</div>\n"
            case .code(let text): s += "<pre>\(escape(text))</pre>\n"
            }
        }
        s += "</body>\n</html>\n"
        return s
    }

    static func isNumeric(_ c: String) -> Bool {
        guard let f = c.first else { return false }
        return f.isNumber || ((f == "-" || f == "+") && c.dropFirst().first?.isNumber == true)
    }

    /// Inline SVG must not carry an XML declaration.
    static func stripXMLDeclaration(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
        return String(svg[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
