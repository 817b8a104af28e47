import Foundation

/// Writes tables as RFC 4180 CSV (comma, `\n` line ends, quotes only where needed).
///
/// Numbers are written with Swift's shortest round-trip representation (`"\(x)"`), so reading
/// them back gives the identical Double; NaN is written as an empty cell.
public enum CSVWriting {
    /// Quotes a cell if it contains a comma, quote, CR or LF.
    public static func escape(_ cell: String) -> String {
        if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }

    /// A number as a CSV cell: shortest round-trip form, empty for NaN.
    public static func cell(_ x: Double) -> String { x.isNaN ? "" : "\(x)" }

    /// CSV text for a header and rows of strings.
    public static func text(header: [String], rows: [[String]]) -> String {
        var s = header.map(escape).joined(separator: ",") + "\n"
        for r in rows { s += r.map(escape).joined(separator: ",") + "\n" }
        return s
    }
}

/// Writes files so that a reader never sees a half-written file: the bytes go to a temporary file
/// in the same directory, which is then renamed over the destination (rename(2) is atomic on POSIX).
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws(TableError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try data.write(to: tmp)
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw .unwritable(path: path, reason: "\(error.localizedDescription)")
        }
        if rename(tmp.path, url.path) != 0 {
            let err = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw .unwritable(path: path, reason: err)
        }
    }

    public static func write(_ text: String, to path: String) throws(TableError) {
        try write(Data(text.utf8), to: path)
    }
}
