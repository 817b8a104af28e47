import Tabular

/// Class probabilities with their true labels (and optionally a group or condition per row): the
/// input of every metric and calibrator in this module.
///
/// Shapes: `probabilities` is n × K row-major (row i holds p(class 0 … K−1 | x_i)); `labels` has n
/// class indices in 0..<K; `groups`, if present, has n strings (a condition, a subject group, …).
/// A binary file with a single `p1` column is stored as K = 2 with p0 = 1 − p1 and
/// `singlePositiveColumn = true`: top-label confidence is then max(p1, 1 − p1) and the
/// positive-class metrics are reported separately.
public struct Predictions: Sendable, Equatable {
    /// Where the predictions came from (a path or "<memory>"), used in errors.
    public let source: String
    /// n × K probabilities, row-major.
    public let probabilities: [Double]
    /// K ≥ 2.
    public let classCount: Int
    /// n labels in 0..<K.
    public let labels: [Int]
    /// Optional n group/condition names.
    public let groups: [String]?
    /// Whether the input had only the positive-class column `p1` (binary).
    public let singlePositiveColumn: Bool

    /// Number of rows n.
    public var count: Int { labels.count }

    /// Validation of probabilities (one place for every entry point).
    public struct Validation: Codable, Sendable, Equatable {
        /// Largest allowed |Σ_k p_k − 1| per row. Default 1e-6.
        public var sumTolerance: Double
        /// Divide each row by its sum instead of rejecting rows that do not sum to 1. Default false:
        /// bad rows are errors, never silently repaired.
        public var renormalise: Bool
        /// Require at least two distinct labels. Default true.
        public var requireTwoClasses: Bool

        public init(sumTolerance: Double = 1e-6, renormalise: Bool = false, requireTwoClasses: Bool = true) {
            self.sumTolerance = sumTolerance
            self.renormalise = renormalise
            self.requireTwoClasses = requireTwoClasses
        }
    }

    /// Validated predictions from an n × K row-major probability array.
    ///
    /// Errors: empty input, shapes that do not fit, NaN/Inf, values outside [0, 1], rows not summing
    /// to 1 (unless `validation.renormalise`), labels outside 0..<K, a single class.
    public init(
        probabilities: [Double], classCount: Int, labels: [Int], groups: [String]? = nil, source: String = "<memory>",
        validation: Validation = Validation()
    ) throws(CalibrationError) {
        try self.init(
            probabilities: probabilities, classCount: classCount, labels: labels, groups: groups, source: source,
            validation: validation, columnNames: (0..<max(classCount, 0)).map { "p\($0)" }, singlePositive: false)
    }

    /// Validated binary predictions from the positive-class probabilities p1 (p0 = 1 − p1).
    public init(
        positiveProbabilities p1: [Double], labels: [Int], groups: [String]? = nil, source: String = "<memory>",
        validation: Validation = Validation()
    ) throws(CalibrationError) {
        for (i, v) in p1.enumerated() {
            guard v.isFinite else { throw .nonFinite(source: source, row: i + 1, column: "p1", value: v) }
            guard v >= 0, v <= 1 else { throw .outOfRange(source: source, row: i + 1, column: "p1", value: v) }
        }
        var probs = [Double](repeating: 0, count: 2 * p1.count)
        for i in 0..<p1.count {
            probs[2 * i] = 1 - p1[i]
            probs[2 * i + 1] = p1[i]
        }
        try self.init(
            probabilities: probs, classCount: 2, labels: labels, groups: groups, source: source,
            validation: validation, columnNames: ["1 - p1", "p1"], singlePositive: true)
    }

    private init(
        probabilities: [Double], classCount k: Int, labels: [Int], groups: [String]?, source: String,
        validation: Validation, columnNames: [String], singlePositive: Bool
    ) throws(CalibrationError) {
        guard k >= 2 else {
            throw .parameter(name: "classCount", value: "\(k)", expected: "at least 2 classes")
        }
        guard !labels.isEmpty else { throw .empty(source: source, detail: "no prediction rows") }
        guard probabilities.count == labels.count * k else {
            throw .shape(
                detail: "\(probabilities.count) probabilities for \(labels.count) labels × \(k) classes")
        }
        if let g = groups, g.count != labels.count {
            throw .shape(detail: "\(g.count) group values for \(labels.count) rows")
        }
        var probs = probabilities
        for i in 0..<labels.count {
            var s = 0.0
            for j in 0..<k {
                let v = probs[i * k + j]
                guard v.isFinite else { throw .nonFinite(source: source, row: i + 1, column: columnNames[j], value: v) }
                guard v >= 0, v <= 1 else {
                    throw .outOfRange(source: source, row: i + 1, column: columnNames[j], value: v)
                }
                s += v
            }
            if abs(s - 1) > validation.sumTolerance {
                guard validation.renormalise, s > 0 else {
                    throw .rowSum(source: source, row: i + 1, sum: s, tolerance: validation.sumTolerance)
                }
                for j in 0..<k { probs[i * k + j] /= s }
            }
            let y = labels[i]
            guard y >= 0, y < k else { throw .badLabel(source: source, row: i + 1, value: "\(y)", classCount: k) }
        }
        if validation.requireTwoClasses {
            let first = labels[0]
            if !labels.contains(where: { $0 != first }) { throw .singleClass(source: source, label: first) }
        }
        self.source = source
        self.probabilities = probs
        self.classCount = k
        self.labels = labels
        self.groups = groups
        self.singlePositiveColumn = singlePositive
    }

    /// Unvalidated memberwise construction for subsets and calibrator outputs of already valid data.
    init(
        unchecked probabilities: [Double], classCount: Int, labels: [Int], groups: [String]?, source: String,
        singlePositiveColumn: Bool
    ) {
        self.probabilities = probabilities
        self.classCount = classCount
        self.labels = labels
        self.groups = groups
        self.source = source
        self.singlePositiveColumn = singlePositiveColumn
    }

    /// The rows at `indices` (in that order; repeats allowed, as in a bootstrap resample).
    public func subset(_ indices: [Int]) -> Predictions {
        let k = classCount
        var p = [Double](repeating: 0, count: indices.count * k)
        var y = [Int](repeating: 0, count: indices.count)
        for (r, i) in indices.enumerated() {
            for j in 0..<k { p[r * k + j] = probabilities[i * k + j] }
            y[r] = labels[i]
        }
        return Predictions(
            unchecked: p, classCount: k, labels: y, groups: groups.map { g in indices.map { g[$0] } }, source: source,
            singlePositiveColumn: singlePositiveColumn)
    }

    /// The same labels and groups with new probabilities (e.g. a calibrator's output); validated.
    public func replacingProbabilities(_ newProbabilities: [Double]) throws(CalibrationError) -> Predictions {
        guard newProbabilities.count == probabilities.count else {
            throw .shape(detail: "\(newProbabilities.count) probabilities, expected \(probabilities.count)")
        }
        return try Predictions(
            probabilities: newProbabilities, classCount: classCount, labels: labels, groups: groups, source: source,
            validation: Validation(sumTolerance: 1e-6, renormalise: false, requireTwoClasses: false))
    }

    /// Column j (probabilities of class j for every row).
    public func column(_ j: Int) -> [Double] {
        let k = classCount
        return (0..<count).map { probabilities[$0 * k + j] }
    }

    /// Top-label view: predicted class (argmax, first maximum on ties as numpy), its probability
    /// (the confidence) and whether it equals the label (1 or 0).
    public func topLabel() -> (confidence: [Double], correct: [Double], predicted: [Int]) {
        let n = count
        let k = classCount
        var conf = [Double](repeating: 0, count: n)
        var corr = [Double](repeating: 0, count: n)
        var pred = [Int](repeating: 0, count: n)
        probabilities.withUnsafeBufferPointer { p in
            for i in 0..<n {
                var best = 0
                var bv = p[i * k]
                for j in 1..<k where p[i * k + j] > bv {
                    bv = p[i * k + j]
                    best = j
                }
                conf[i] = bv
                pred[i] = best
                corr[i] = best == labels[i] ? 1 : 0
            }
        }
        return (conf, corr, pred)
    }

    /// Distinct group names in sorted order (empty if there are no groups).
    public var groupNames: [String] { Array(Set(groups ?? [])).sorted() }

    /// Row indices of each group, groups in sorted order.
    public func groupIndices() -> [(name: String, rows: [Int])] {
        guard let g = groups else { return [] }
        var map: [String: [Int]] = [:]
        for (i, name) in g.enumerated() { map[name, default: []].append(i) }
        return map.keys.sorted().map { ($0, map[$0]!) }
    }
}

/// Which columns of a table hold the labels, probabilities and groups.
public struct PredictionColumns: Codable, Sendable, Equatable {
    /// Label column (integer class indices). Default "y".
    public var label: String
    /// Prefix of the probability columns `<prefix>0 … <prefix>K−1`; a table with only `<prefix>1`
    /// is binary. Default "p".
    public var probabilityPrefix: String
    /// Optional group/condition column.
    public var group: String?

    public init(label: String = "y", probabilityPrefix: String = "p", group: String? = nil) {
        self.label = label
        self.probabilityPrefix = probabilityPrefix
        self.group = group
    }
}

extension Predictions {
    /// Predictions from a table: the label column, probability columns `<prefix>0…<prefix>K−1`
    /// (or only `<prefix>1` for binary), and an optional group column. Every cell error names
    /// the table's source, the column and the 1-based data row.
    public init(
        table: CSVTable, columns: PredictionColumns = PredictionColumns(), validation: Validation = Validation()
    )
        throws(CalibrationError)
    {
        let src = table.source
        let prefix = columns.probabilityPrefix
        var indexed: [Int: String] = [:]
        for name in table.header where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            if !rest.isEmpty, rest.allSatisfy(\.isASCII), rest.allSatisfy(\.isNumber), let j = Int(rest) {
                indexed[j] = name
            }
        }
        guard !indexed.isEmpty else {
            throw .probabilityColumns(
                source: src,
                detail:
                    "no probability columns '\(prefix)0', '\(prefix)1', …; the header has: \(table.header.joined(separator: ", "))"
            )
        }
        let labelStrings: [String]
        do { labelStrings = try table.strings(columns.label) } catch {
            throw .probabilityColumns(source: src, detail: "no label column '\(columns.label)' (\(error))")
        }
        var labels = [Int](repeating: 0, count: labelStrings.count)
        let binary = indexed.keys.sorted() == [1]
        let k = binary ? 2 : indexed.count
        for (i, s) in labelStrings.enumerated() {
            if let v = Int(s) {
                labels[i] = v
            } else if let d = Double(s), d == d.rounded(), abs(d) < 1e9 {
                labels[i] = Int(d)
            } else {
                throw .badLabel(source: src, row: i + 1, value: s, classCount: k)
            }
            guard labels[i] >= 0, labels[i] < k else {
                throw .badLabel(source: src, row: i + 1, value: s, classCount: k)
            }
        }
        var groups: [String]? = nil
        if let g = columns.group {
            do { groups = try table.strings(g) } catch {
                throw .probabilityColumns(source: src, detail: "no group column '\(g)' (\(error))")
            }
            if let empty = groups!.firstIndex(of: "") {
                throw .empty(source: src, detail: "row \(empty + 1) has an empty group in column '\(g)'")
            }
        }
        func numbers(_ name: String) throws(CalibrationError) -> [Double] {
            let idx = table.header.firstIndex(of: name)!
            var out = [Double](repeating: 0, count: table.rows.count)
            for (r, row) in table.rows.enumerated() {
                let cell = row[idx]
                guard let v = Double(cell) else {
                    if cell.isEmpty || cell.lowercased() == "nan" {
                        throw .nonFinite(source: src, row: r + 1, column: name, value: .nan)
                    }
                    throw .probabilityColumns(
                        source: src, detail: "row \(r + 1), column '\(name)': '\(cell)' is not a number")
                }
                out[r] = v
            }
            return out
        }
        if binary {
            try self.init(
                positiveProbabilities: numbers(indexed[1]!), labels: labels, groups: groups, source: src,
                validation: validation)
            return
        }
        guard indexed.keys.sorted() == Array(0..<k) else {
            throw .probabilityColumns(
                source: src,
                detail:
                    "probability columns must be numbered \(prefix)0…\(prefix)\(k - 1) without gaps; found \(indexed.keys.sorted().map { prefix + String($0) }.joined(separator: ", "))"
            )
        }
        let cols = try (0..<k).map { (j: Int) throws(CalibrationError) -> [Double] in try numbers(indexed[j]!) }
        let n = labels.count
        var probs = [Double](repeating: 0, count: n * k)
        for i in 0..<n { for j in 0..<k { probs[i * k + j] = cols[j][i] } }
        try self.init(
            probabilities: probs, classCount: k, labels: labels, groups: groups, source: src,
            validation: validation, columnNames: (0..<k).map { indexed[$0]! }, singlePositive: false)
    }
}
