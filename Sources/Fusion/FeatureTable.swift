import Tabular

/// One modality of a feature table: a name (the prefix without its trailing underscore), the
/// column-name prefix, and the feature columns that carry it.
public struct Modality: Codable, Sendable, Equatable {
    public var name: String
    public var prefix: String
    /// Indices into `FeatureTable.featureNames`.
    public var columns: [Int]

    public init(name: String, prefix: String, columns: [Int]) {
        self.name = name
        self.prefix = prefix
        self.columns = columns
    }
}

/// The model layer's input: rows = analysis windows (or samples), columns = named features with
/// modality prefixes (`prosody_`, `face_`, `physio_`, …), plus per row the subject, condition,
/// group, class label and a per-modality availability mask.
///
/// Shapes: `features` is n × d (NaN marks a missing value), `available` is n × M (M modalities).
/// A modality is unavailable for a row when every one of its features is missing there (or when a
/// caller marks it so with `droppingModality`); partial gaps are imputed by the model.
public struct FeatureTable: Sendable {
    public var featureNames: [String]
    public var features: Matrix
    public var subjects: [String]
    public var conditions: [String]
    public var groups: [String]
    /// Class index per row into `classes` (−1 when the table has no labels, e.g. at predict time).
    public var labels: [Int]
    /// Class names, sorted (numerically when every label is a number, else lexicographically), as
    /// scikit-learn orders `classes_`.
    public var classes: [String]
    public var modalities: [Modality]
    /// `available[i][m]`: modality m is present in row i.
    public var available: [[Bool]]

    public var count: Int { features.rows }

    /// Builds a table and checks that every per-row array has `features.rows` entries.
    public init(
        featureNames: [String], features: Matrix, subjects: [String], conditions: [String]? = nil,
        groups: [String]? = nil, labels: [Int], classes: [String], modalities: [Modality]? = nil,
        available: [[Bool]]? = nil
    ) throws(FusionError) {
        let n = features.rows
        guard features.cols == featureNames.count else {
            throw .shapeMismatch(
                operation: "FeatureTable", detail: "\(featureNames.count) names for \(features.cols) columns")
        }
        guard subjects.count == n, labels.count == n else {
            throw .shapeMismatch(
                operation: "FeatureTable", detail: "\(n) rows, \(subjects.count) subjects, \(labels.count) labels")
        }
        for (i, l) in labels.enumerated() where l >= classes.count || l < -1 {
            throw .invalidData("row \(i + 1): label index \(l) outside 0..<\(classes.count)")
        }
        let mods = modalities ?? [Modality(name: "all", prefix: "", columns: Array(0..<features.cols))]
        self.featureNames = featureNames
        self.features = features
        self.subjects = subjects
        self.conditions = conditions ?? [String](repeating: "", count: n)
        self.groups = groups ?? [String](repeating: "", count: n)
        guard self.conditions.count == n, self.groups.count == n else {
            throw .shapeMismatch(operation: "FeatureTable", detail: "conditions or groups do not have \(n) rows")
        }
        self.labels = labels
        self.classes = classes
        self.modalities = mods
        if let a = available {
            guard a.count == n, a.allSatisfy({ $0.count == mods.count }) else {
                throw .shapeMismatch(operation: "FeatureTable", detail: "availability mask is not \(n) × \(mods.count)")
            }
            self.available = a
        } else {
            self.available = FeatureTable.derivedAvailability(features, mods)
        }
    }

    /// A modality is available in a row unless all its features are NaN there.
    static func derivedAvailability(_ x: Matrix, _ mods: [Modality]) -> [[Bool]] {
        (0..<x.rows).map { i in mods.map { m in m.columns.isEmpty || m.columns.contains { !x[i, $0].isNaN } } }
    }

    /// Options for reading a table from CSV.
    public struct CSVOptions: Codable, Sendable, Equatable {
        /// Class label column (required for fitting; nil at predict time).
        public var label: String?
        /// Subject column (the unit of leave-one-subject-out); nil → each row its own subject.
        public var subject: String?
        /// Condition column (noise level, lighting, …), optional.
        public var condition: String?
        /// Demographic or other group column for per-group reporting, optional.
        public var group: String?
        /// Modality prefixes; feature columns are those starting with one of them. Empty → every
        /// column not named above and not in `ignore` is a feature of one modality "all".
        public var modalityPrefixes: [String]
        /// Columns never used as features when `modalityPrefixes` is empty (row ids).
        public var ignore: [String]

        public init(
            label: String? = "label", subject: String? = "subject", condition: String? = nil, group: String? = nil,
            modalityPrefixes: [String] = [], ignore: [String] = ["sample", "id", "index"]
        ) {
            self.label = label
            self.subject = subject
            self.condition = condition
            self.group = group
            self.modalityPrefixes = modalityPrefixes
            self.ignore = ignore
        }
    }

    /// Reads a feature table from a parsed CSV. Feature cells may be empty or "nan" (missing →
    /// masked and imputed by the model); ±Inf and non-numeric cells are errors naming the row.
    /// `classes` fixes the class order (predict time: the model's classes); otherwise it is derived.
    public static func fromCSV(_ csv: CSVTable, options: CSVOptions, classes fixedClasses: [String]? = nil)
        throws(FusionError) -> FeatureTable
    {
        func col(_ name: String) throws(FusionError) -> [String] {
            do { return try csv.strings(name) } catch { throw .invalidData(error.description) }
        }
        let named = Set([options.label, options.subject, options.condition, options.group].compactMap { $0 })
        var featureNames: [String] = []
        var modalities: [Modality] = []
        if options.modalityPrefixes.isEmpty {
            featureNames = csv.header.filter { !named.contains($0) && !options.ignore.contains($0) }
            modalities = [Modality(name: "all", prefix: "", columns: Array(featureNames.indices))]
        } else {
            for p in options.modalityPrefixes {
                guard !p.isEmpty else {
                    throw .invalidParameter(name: "modality-prefixes", value: "''", expected: "non-empty prefixes")
                }
                let cols = csv.header.filter { $0.hasPrefix(p) && !named.contains($0) }
                guard !cols.isEmpty else {
                    throw .column(name: p + "*", detail: "\(csv.source): no feature column starts with prefix '\(p)'")
                }
                let start = featureNames.count
                for c in cols where featureNames.contains(c) {
                    throw .column(name: c, detail: "matches more than one modality prefix")
                }
                featureNames.append(contentsOf: cols)
                let name = p.hasSuffix("_") ? String(p.dropLast()) : p
                modalities.append(Modality(name: name, prefix: p, columns: Array(start..<featureNames.count)))
            }
        }
        guard !featureNames.isEmpty else {
            throw .invalidData("\(csv.source): no feature columns (header: \(csv.header.joined(separator: ", ")))")
        }
        let n = csv.rows.count
        var x = [Double](repeating: 0, count: n * featureNames.count)
        for (j, name) in featureNames.enumerated() {
            let v: [Double]
            do { v = try csv.numbers(name, allowMissing: true) } catch { throw .invalidData(error.description) }
            for i in 0..<n { x[i * featureNames.count + j] = v[i] }
        }
        let features = Matrix(uncheckedRows: n, cols: featureNames.count, data: x)
        let subjects = try options.subject.map { s throws(FusionError) in try col(s) } ?? (0..<n).map { "\($0)" }
        let conditions = try options.condition.map { s throws(FusionError) in try col(s) }
        let groups = try options.group.map { s throws(FusionError) in try col(s) }
        var labels = [Int](repeating: -1, count: n)
        var classes = fixedClasses ?? []
        if let l = options.label {
            let raw = try col(l)
            for (i, s) in raw.enumerated() where s.isEmpty {
                throw .column(name: l, detail: "\(csv.source): row \(i + 1) has an empty label; expected a class")
            }
            if fixedClasses == nil { classes = FeatureTable.sortedClasses(raw) }
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
            for (i, s) in raw.enumerated() {
                guard let k = index[s] ?? FeatureTable.numericMatch(s, classes) else {
                    throw .column(
                        name: l,
                        detail: "\(csv.source): row \(i + 1) has class '\(s)', which the model does not know "
                            + "(classes: \(classes.joined(separator: ", ")))")
                }
                labels[i] = k
            }
        }
        return try FeatureTable(
            featureNames: featureNames, features: features, subjects: subjects, conditions: conditions,
            groups: groups, labels: labels, classes: classes, modalities: modalities)
    }

    /// Modalities from name prefixes (e.g. ["prosody_", "face_", "physio_"]) for in-memory tables:
    /// every feature name must start with exactly one prefix. Empty prefixes → one modality "all".
    public static func modalities(featureNames: [String], prefixes: [String]) throws(FusionError) -> [Modality] {
        if prefixes.isEmpty { return [Modality(name: "all", prefix: "", columns: Array(featureNames.indices))] }
        var mods: [Modality] = []
        for p in prefixes {
            let cols = featureNames.indices.filter { featureNames[$0].hasPrefix(p) }
            guard !cols.isEmpty else { throw .column(name: p + "*", detail: "no feature name starts with '\(p)'") }
            mods.append(Modality(name: p.hasSuffix("_") ? String(p.dropLast()) : p, prefix: p, columns: cols))
        }
        for (j, name) in featureNames.enumerated() {
            let owners = mods.filter { $0.columns.contains(j) }.count
            guard owners == 1 else {
                throw .column(name: name, detail: "matches \(owners) modality prefixes; expected exactly one")
            }
        }
        return mods
    }

    /// Unique labels sorted numerically when all parse as numbers, else lexicographically.
    static func sortedClasses(_ raw: [String]) -> [String] {
        let unique = Array(Set(raw))
        let nums = unique.compactMap { Double($0) }
        if nums.count == unique.count {
            return unique.sorted { Double($0)! < Double($1)! }
        }
        return unique.sorted()
    }

    /// "1.0" matches class "1" when both are the same number.
    static func numericMatch(_ s: String, _ classes: [String]) -> Int? {
        guard let v = Double(s) else { return nil }
        return classes.firstIndex { Double($0) == v }
    }

    /// The rows at `indices`.
    public func selectingRows(_ indices: [Int]) -> FeatureTable {
        var t = self
        t.features = features.selectingRows(indices)
        t.subjects = indices.map { subjects[$0] }
        t.conditions = indices.map { conditions[$0] }
        t.groups = indices.map { groups[$0] }
        t.labels = indices.map { labels[$0] }
        t.available = indices.map { available[$0] }
        return t
    }

    /// Only the given modalities' columns (for unimodal models and late fusion).
    public func selectingModalities(_ names: [String]) throws(FusionError) -> FeatureTable {
        var cols: [Int] = []
        var mods: [Modality] = []
        var keep: [Int] = []
        for name in names {
            guard let m = modalities.firstIndex(where: { $0.name == name }) else {
                throw .invalidParameter(
                    name: "modality", value: name, expected: "one of \(modalities.map(\.name).joined(separator: ", "))")
            }
            let start = cols.count
            cols.append(contentsOf: modalities[m].columns)
            mods.append(Modality(name: name, prefix: modalities[m].prefix, columns: Array(start..<cols.count)))
            keep.append(m)
        }
        var t = self
        t.featureNames = cols.map { featureNames[$0] }
        t.features = features.selectingColumns(cols)
        t.modalities = mods
        t.available = available.map { row in keep.map { row[$0] } }
        return t
    }

    /// Marks modality `name` missing in the rows at `rows`: its features become NaN and its mask
    /// entry false (simulates a sensor that failed at test time).
    public func droppingModality(_ name: String, rows: [Int]) throws(FusionError) -> FeatureTable {
        guard let m = modalities.firstIndex(where: { $0.name == name }) else {
            throw .invalidParameter(
                name: "modality", value: name, expected: "one of \(modalities.map(\.name).joined(separator: ", "))")
        }
        var t = self
        for i in rows {
            for j in modalities[m].columns { t.features[i, j] = .nan }
            t.available[i][m] = false
        }
        return t
    }

    /// Names of the available modalities in row i joined by "+", or "none".
    public func maskPattern(_ i: Int) -> String {
        let names = modalities.indices.filter { available[i][$0] }.map { modalities[$0].name }
        return names.isEmpty ? "none" : names.joined(separator: "+")
    }

    /// Sorted unique subjects.
    public var uniqueSubjects: [String] { Array(Set(subjects)).sorted(by: FeatureTable.naturalLess) }

    /// Numeric order when both are numbers, else lexicographic (subjects "2" < "10").
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        if let x = Double(a), let y = Double(b) { return x < y }
        return a < b
    }
}
