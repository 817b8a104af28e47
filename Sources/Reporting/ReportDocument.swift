import Foundation

/// A report as a list of blocks, rendered to one self-contained HTML file (`ReportHTML`) or to
/// Markdown (`markdown()`), so the HTML report and `model_card.md` carry the same text.
public struct ReportDocument: Sendable, Equatable {
    /// A figure: inline SVG markup and its caption; `csv` names the file holding its numbers.
    public struct Figure: Sendable, Equatable {
        public var caption: String
        public var svg: String
        public var csv: String?
        public init(caption: String, svg: String, csv: String? = nil) {
            self.caption = caption
            self.svg = svg
            self.csv = csv
        }
    }

    public enum Block: Sendable, Equatable {
        case heading(Int, String)
        case paragraph(String)
        case bullets([String])
        /// A table with a caption, a header row and rows of cells.
        case table(caption: String, header: [String], rows: [[String]])
        /// Figures shown side by side.
        case figures([Figure])
        /// Preformatted text (e.g. the config).
        case code(String)
    }

    public var title: String
    public var blocks: [Block]

    public init(title: String, blocks: [Block]) {
        self.title = title
        self.blocks = blocks
    }

    /// The document as GitHub-flavoured Markdown (figures become references to their CSV/SVG).
    public func markdown() -> String {
        var s = "# \(title)\n"
        for b in blocks {
            s += "\n"
            switch b {
            case .heading(let level, let text): s += String(repeating: "#", count: min(6, level + 1)) + " \(text)\n"
            case .paragraph(let text): s += text + "\n"
            case .bullets(let items): s += items.map { "- \($0)" }.joined(separator: "\n") + "\n"
            case .table(let caption, let header, let rows):
                if !caption.isEmpty { s += "*\(caption)*\n\n" }
                s += "| " + header.map(cell).joined(separator: " | ") + " |\n"
                s += "|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
                for r in rows { s += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
            case .figures(let figs):
                s +=
                    figs.map { "- Figure: \($0.caption)" + ($0.csv.map { " (numbers: `\($0)`)" } ?? "") }.joined(
                        separator: "\n") + "\n"
            case .code(let text): s += "```\n\(text)\(text.hasSuffix("\n") ? "" : "\n")```\n"
            }
        }
        return s
    }

    private func cell(_ c: String) -> String {
        c.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
