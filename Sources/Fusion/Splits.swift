import SignalCore

/// How rows are split into training and test folds.
///
/// - `leaveOneSubjectOut` (default): one fold per subject, subjects in natural sort order
///   (scikit-learn `LeaveOneGroupOut`). The protocol that measures generalisation to new people.
/// - `groupKFold(k)`: subjects assigned whole to k folds, largest subject first to the currently
///   smallest fold (scikit-learn `GroupKFold`); deterministic.
/// - `stratifiedKFold(k)`: rows shuffled (seeded) within each class and dealt round-robin to k
///   folds, ignoring subjects (scikit-learn `StratifiedKFold(shuffle=True)` in spirit, not in its
///   random stream). The same person appears in training and test ("identity leakage"): only
///   for demonstrating how much random splits overstate performance.
public enum SplitProtocol: Codable, Sendable, Equatable, CustomStringConvertible {
    case leaveOneSubjectOut
    case groupKFold(k: Int)
    case stratifiedKFold(k: Int)

    /// Parses "loso", "kfold:K" (subject-wise group k-fold) or "stratified:K" (row-wise, leaky).
    public init(parsing text: String) throws(FusionError) {
        let t = text.lowercased()
        if t == "loso" {
            self = .leaveOneSubjectOut
            return
        }
        let parts = t.split(separator: ":")
        if parts.count == 2, let k = Int(parts[1]), k >= 2 {
            if parts[0] == "kfold" {
                self = .groupKFold(k: k)
                return
            }
            if parts[0] == "stratified" {
                self = .stratifiedKFold(k: k)
                return
            }
        }
        throw .invalidParameter(
            name: "protocol", value: text, expected: "loso, kfold:K (subject-wise, K ≥ 2) or stratified:K (row-wise)")
    }

    public var description: String {
        switch self {
        case .leaveOneSubjectOut: return "loso"
        case .groupKFold(let k): return "kfold:\(k)"
        case .stratifiedKFold(let k): return "stratified:\(k)"
        }
    }
}

/// One train/test split: row indices into the table (ascending) and a readable name.
public struct Fold: Codable, Sendable, Equatable {
    public var index: Int
    /// The held-out subject(s), joined by "+", or "fold N" for row-wise splits.
    public var name: String
    public var train: [Int]
    public var test: [Int]
}

/// Produces folds from a table's subjects and labels.
public enum Splitter {
    public static func folds(_ table: FeatureTable, protocol p: SplitProtocol, seed: UInt64 = 0) throws(FusionError)
        -> [Fold]
    {
        try folds(subjects: table.subjects, labels: table.labels, protocol: p, seed: seed)
    }

    public static func folds(subjects: [String], labels: [Int], protocol p: SplitProtocol, seed: UInt64 = 0)
        throws(FusionError) -> [Fold]
    {
        let n = subjects.count
        let unique = Array(Set(subjects)).sorted(by: FeatureTable.naturalLess)
        switch p {
        case .leaveOneSubjectOut:
            guard unique.count >= 2 else {
                throw .invalidData(
                    "leave-one-subject-out needs at least 2 subjects; the table has \(unique.count) "
                        + "(check the subject column, or use --protocol stratified:K knowing it leaks identity)")
            }
            return unique.enumerated().map { f, s in
                Fold(
                    index: f, name: s, train: (0..<n).filter { subjects[$0] != s },
                    test: (0..<n).filter { subjects[$0] == s })
            }
        case .groupKFold(let k):
            guard k >= 2, unique.count >= k else {
                throw .invalidParameter(
                    name: "protocol", value: "kfold:\(k)", expected: "2 ≤ K ≤ number of subjects (\(unique.count))")
            }
            var sizes: [String: Int] = [:]
            for s in subjects { sizes[s, default: 0] += 1 }
            let order = unique.enumerated().sorted { a, b in
                sizes[a.element]! != sizes[b.element]! ? sizes[a.element]! > sizes[b.element]! : a.offset < b.offset
            }
            var load = [Int](repeating: 0, count: k)
            var foldOf: [String: Int] = [:]
            var members = [[String]](repeating: [], count: k)
            for (_, s) in order {
                let f = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 }!
                load[f] += sizes[s]!
                foldOf[s] = f
                members[f].append(s)
            }
            return (0..<k).map { f in
                Fold(
                    index: f, name: members[f].sorted(by: FeatureTable.naturalLess).joined(separator: "+"),
                    train: (0..<n).filter { foldOf[subjects[$0]] != f },
                    test: (0..<n).filter { foldOf[subjects[$0]] == f })
            }
        case .stratifiedKFold(let k):
            guard k >= 2, k <= n else {
                throw .invalidParameter(
                    name: "protocol", value: "stratified:\(k)", expected: "2 ≤ K ≤ number of rows (\(n))")
            }
            var rng = SeededRandom(seed: seed)
            var foldOf = [Int](repeating: 0, count: n)
            var next = 0
            for c in Array(Set(labels)).sorted() {
                var rows = (0..<n).filter { labels[$0] == c }
                rows.shuffle(using: &rng)
                for r in rows {
                    foldOf[r] = next % k
                    next += 1
                }
            }
            return (0..<k).map { f in
                Fold(
                    index: f, name: "fold \(f)", train: (0..<n).filter { foldOf[$0] != f },
                    test: (0..<n).filter { foldOf[$0] == f })
            }
        }
    }

    /// Splits `rows` (a training set) into fit and held-out parts by subject: a seeded shuffle of
    /// the subjects, the first ⌈fraction·S⌉ (at least 1, at most S − 1) held out. Used for
    /// calibration sets and early stopping. With a single subject, falls back to a seeded
    /// row-wise split (identity leakage inside the training set only; documented).
    public static func groupHoldout(rows: [Int], subjects: [String], fraction: Double, seed: UInt64)
        throws(FusionError) -> (fit: [Int], heldOut: [Int])
    {
        guard fraction > 0, fraction < 1 else {
            throw .invalidParameter(name: "holdout fraction", value: "\(fraction)", expected: "0 < fraction < 1")
        }
        var rng = SeededRandom(seed: seed)
        var unique = Array(Set(rows.map { subjects[$0] })).sorted(by: FeatureTable.naturalLess)
        if unique.count < 2 {
            var r = rows
            r.shuffle(using: &rng)
            let h = max(1, min(r.count - 1, Int((fraction * Double(r.count)).rounded(.up))))
            guard r.count >= 2 else {
                throw .invalidData("cannot hold out rows from a training set of \(r.count) row(s)")
            }
            return (Array(r[h...]).sorted(), Array(r[..<h]).sorted())
        }
        unique.shuffle(using: &rng)
        let h = max(1, min(unique.count - 1, Int((fraction * Double(unique.count)).rounded(.up))))
        let held = Set(unique[..<h])
        return (rows.filter { !held.contains(subjects[$0]) }, rows.filter { held.contains(subjects[$0]) })
    }
}
