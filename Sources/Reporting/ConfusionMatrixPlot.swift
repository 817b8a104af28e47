/// A confusion matrix as an SVG heat map: rows = true class, columns = predicted class, each
/// cell shaded by its row-normalised share (recall for the diagonal) and labelled with the count
/// and the share in percent. The counts are the numbers behind the figure (written as CSV by
/// the caller).
public enum ConfusionMatrixPlot {
    public static func svg(counts: [[Int]], classes: [String], title: String) -> String {
        let k = classes.count
        let cell = 64.0
        let left = 130.0
        let top = 56.0
        let w = left + cell * Double(k) + 20
        let h = top + cell * Double(k) + 70
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(w))\" height=\"\(fmt(h))\" viewBox=\"0 0 \(fmt(w)) \(fmt(h))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        s +=
            "<text x=\"\(fmt(w / 2))\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">\(ReportHTML.escape(title))</text>\n"
        s +=
            "<text x=\"\(fmt(left + cell * Double(k) / 2))\" y=\"\(fmt(h - 8))\" text-anchor=\"middle\">predicted class</text>\n"
        s +=
            "<text x=\"14\" y=\"\(fmt(top + cell * Double(k) / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(fmt(top + cell * Double(k) / 2)))\">true class</text>\n"
        for i in 0..<k {
            let total = counts.indices.contains(i) ? counts[i].reduce(0, +) : 0
            s +=
                "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(top + cell * (Double(i) + 0.5) + 4))\" text-anchor=\"end\">\(ReportHTML.escape(classes[i]))</text>\n"
            for j in 0..<k {
                let c = counts.indices.contains(i) && counts[i].indices.contains(j) ? counts[i][j] : 0
                let share = total > 0 ? Double(c) / Double(total) : 0
                let shade = Int((255 * (1 - 0.75 * share)).rounded())
                let x = left + cell * Double(j)
                let y = top + cell * Double(i)
                s +=
                    "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(cell))\" height=\"\(fmt(cell))\" fill=\"rgb(\(shade),\(shade),255)\" stroke=\"#888\"/>\n"
                s += "<text x=\"\(fmt(x + cell / 2))\" y=\"\(fmt(y + cell / 2))\" text-anchor=\"middle\">\(c)</text>\n"
                s +=
                    "<text x=\"\(fmt(x + cell / 2))\" y=\"\(fmt(y + cell / 2 + 14))\" text-anchor=\"middle\" fill=\"#444\" font-size=\"9\">\(total > 0 ? fmt((share * 1000).rounded() / 10) + "%" : "–")</text>\n"
            }
        }
        for j in 0..<k {
            let x = left + cell * (Double(j) + 0.5)
            let y = top + cell * Double(k) + 14
            s +=
                "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" text-anchor=\"end\" transform=\"rotate(-30 \(fmt(x)) \(fmt(y)))\">\(ReportHTML.escape(classes[j]))</text>\n"
        }
        s += "</svg>"
        return s
    }

    static func fmt(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : "\(x)" }
}
