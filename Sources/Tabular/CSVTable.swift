import CSV
import Foundation

/// A delimited text table with a header row, held as strings (RFC 4180 quoting, via CSV.swift).
///
/// Rows are data rows (the header excluded); `row` numbers in errors are 1-based data rows.
/// Cells are trimmed of surrounding spaces, so OpenFace's `", "` separators read as plain commas.
public struct CSVTable: Sendable, Equatable {
    /// Where the table came from (a path, or a label such as "<stdin>"), used in every error.
    public let source: String
    public let header: [String]
    public let rows: [[String]]

    public init(source: String, header: [String], rows: [[String]]) {
        self.source = source
        self.header = header
        self.rows = rows
    }

    /// Parses CSV text. Empty text, a header with no data rows (unless `allowNoRows`), or a row
    /// whose cell count differs from the header's are errors.
    public init(text: String, source: String, delimiter: Character = ",", allowNoRows: Bool = false)
        throws(TableError)
    {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty(source: source) }
        var header: [String] = []
        var rows: [[String]] = []
        do {
            let reader = try CSVReader(
                string: text, hasHeaderRow: false, trimFields: true, delimiter: delimiter.unicodeScalars.first!)
            var first = true
            var line = 0
            while let r = reader.next() {
                if first {
                    header = r
                    first = false
                    continue
                }
                line += 1
                if r.count == 1 && r[0].isEmpty { continue }  // blank line
                guard r.count == header.count else {
                    throw TableError.malformed(
                        source: source, row: line,
                        detail: "\(r.count) cells, but the header has \(header.count) columns")
                }
                rows.append(r)
            }
        } catch let e as TableError {
            throw e
        } catch {
            throw .malformed(source: source, row: 0, detail: "not valid CSV (\(error))")
        }
        guard !header.isEmpty else { throw .empty(source: source) }
        if rows.isEmpty && !allowNoRows {
            throw .malformed(source: source, row: 1, detail: "the header has no data rows below it")
        }
        self.init(source: source, header: header, rows: rows)
    }

    /// Reads and parses the file at `path` (UTF-8).
    public init(contentsOfFile path: String, delimiter: Character = ",", allowNoRows: Bool = false) throws(TableError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(
                source: path,
                reason: FileManager.default.fileExists(atPath: path)
                    ? "permission or I/O error" : "no such file")
        }
        guard !data.isEmpty else { throw .empty(source: path) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(source: path, reason: "not UTF-8 text")
        }
        try self.init(text: text, source: path, delimiter: delimiter, allowNoRows: allowNoRows)
    }

    /// Index of `name` in the header.
    public func columnIndex(_ name: String) throws(TableError) -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw .missingColumn(source: source, column: name, available: header)
        }
        return i
    }

    /// Whether the header has `name`.
    public func has(_ name: String) -> Bool { header.contains(name) }

    /// The raw strings of column `name`.
    public func strings(_ name: String) throws(TableError) -> [String] {
        let i = try columnIndex(name)
        return rows.map { $0[i] }
    }

    /// Column `name` as finite Doubles. Non-numeric cells and NaN/Inf are errors naming the row,
    /// unless `allowMissing`, in which case empty cells, "nan" and "NaN" become `Double.nan`
    /// (the caller then masks them explicitly).
    public func numbers(_ name: String, allowMissing: Bool = false) throws(TableError) -> [Double] {
        let i = try columnIndex(name)
        var out = [Double]()
        out.reserveCapacity(rows.count)
        for (r, row) in rows.enumerated() {
            let cell = row[i]
            if allowMissing && (cell.isEmpty || cell.lowercased() == "nan") {
                out.append(.nan)
                continue
            }
            guard let v = Double(cell) else {
                throw .notNumeric(source: source, column: name, row: r + 1, value: cell)
            }
            guard v.isFinite else { throw .nonFinite(source: source, column: name, row: r + 1, value: cell) }
            out.append(v)
        }
        return out
    }
}
