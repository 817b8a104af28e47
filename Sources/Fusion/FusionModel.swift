import Foundation
import SignalCore

/// How modalities are combined.
///
/// - `early`: one classifier on all features concatenated; missing values imputed (training
///   mean/median) plus one 0/1 "modality missing" column per modality.
/// - `late`: one classifier per modality; their probabilities combined per row over the
///   modalities available in that row (renormalised), by `LateCombiner`.
/// - `hybrid`: the early classifier plus the per-modality ones, combined by a stacked logistic
///   meta-model on their log-probabilities and the availability mask.
public enum FusionStrategy: String, Codable, Sendable, CaseIterable {
    case early, late, hybrid
}

/// How late fusion combines per-modality probabilities.
///
/// - `mean`: p = Σ_m a_m p_m / Σ_m a_m (a_m = 1 when modality m is available in the row).
/// - `weighted`: p = Σ_m a_m w_m p_m / Σ_m a_m w_m, weights w on the simplex chosen to minimise
///   the log-loss of inner out-of-fold predictions (inner subject-wise k-fold on the training set).
/// - `stacked`: a logistic meta-model on [log p_m for every modality, mask], trained on the inner
///   out-of-fold predictions (unavailable modalities enter as the log of the training class
///   frequencies, with their mask bit set).
public enum LateCombiner: String, Codable, Sendable, CaseIterable {
    case mean, weighted, stacked
}

/// Everything that defines a fusion model before it sees data. Defaults: logistic regression
/// (C = 1), early fusion, mean imputation with mask features, no modality dropout, late weights
/// learned by 3-fold subject-wise inner cross-validation.
public struct FusionParameters: Codable, Sendable, Equatable {
    public var classifier: ClassifierSpec
    public var strategy: FusionStrategy
    public var lateCombiner: LateCombiner
    public var imputation: Standardizer.Imputation
    /// Early fusion: append one "modality missing" indicator per modality.
    public var maskFeatures: Bool
    /// Probability that a modality is dropped from a training row (features set missing, mask
    /// bit set; at least one modality is always kept). 0 disables. Applies to the early model's
    /// training rows and to the stacked meta-model's training rows.
    public var modalityDropout: Double
    /// Inner subject-wise folds for learning late-fusion weights or the stacked meta-model.
    public var innerFolds: Int
    /// Meta-model inverse regularisation (stacked/hybrid).
    public var metaC: Double

    public init(
        classifier: ClassifierSpec = .logistic(parameters: LogisticRegression.Parameters()),
        strategy: FusionStrategy = .early,
        lateCombiner: LateCombiner = .weighted, imputation: Standardizer.Imputation = .mean, maskFeatures: Bool = true,
        modalityDropout: Double = 0, innerFolds: Int = 3, metaC: Double = 1
    ) {
        self.classifier = classifier
        self.strategy = strategy
        self.lateCombiner = lateCombiner
        self.imputation = imputation
        self.maskFeatures = maskFeatures
        self.modalityDropout = modalityDropout
        self.innerFolds = innerFolds
        self.metaC = metaC
    }

    /// The single place parameters are validated.
    public func validate() throws(FusionError) {
        try classifier.validate()
        guard modalityDropout >= 0, modalityDropout < 1 else {
            throw .invalidParameter(name: "modality_dropout", value: "\(modalityDropout)", expected: "0 ≤ p < 1")
        }
        guard innerFolds >= 2 else {
            throw .invalidParameter(name: "inner_folds", value: "\(innerFolds)", expected: "an integer ≥ 2")
        }
        guard metaC > 0, metaC.isFinite else {
            throw .invalidParameter(name: "meta_C", value: "\(metaC)", expected: "a finite value > 0")
        }
    }
}

/// One fitted classifier over a subset of the feature columns.
public struct FusionComponent: Codable, Sendable, Equatable {
    /// "early" or the modality name.
    public var name: String
    /// Columns of the model's feature list that this component reads.
    public var columns: [Int]
    /// Modality indices whose availability this component needs (empty: always available).
    public var requires: [Int]
    public var standardizer: Standardizer
    public var classifier: Classifier
}

/// How component probabilities are combined into the output.
public enum FusionCombiner: Codable, Sendable, Equatable {
    /// Single component (early fusion).
    case single
    /// Weighted mean over available components, renormalised per row.
    case weights(values: [Double])
    /// Logistic meta-model on [log p_c …, unavailable flags]; `prior` replaces missing inputs.
    case stacked(meta: LogisticModel, prior: [Double])
}

/// A fitted fusion model: feature names, classes, modalities, components and the combiner.
/// Serialises to JSON (`FusionModelFile`) and back with bit-identical predictions.
public struct FusionModel: Codable, Sendable, Equatable {
    public var parameters: FusionParameters
    public var featureNames: [String]
    public var classes: [String]
    public var modalities: [Modality]
    public var components: [FusionComponent]
    public var combiner: FusionCombiner
    /// Training class frequencies (used when no component can predict a row).
    public var classPrior: [Double]

    /// Class probabilities for every row of `table` (n × K). Rows whose every modality is
    /// missing get the training class frequencies. Feature names must equal the fitted ones.
    public func predictProbabilities(_ table: FeatureTable) throws(FusionError) -> Matrix {
        guard table.featureNames == featureNames else {
            throw .featureMismatch(expected: featureNames, found: table.featureNames)
        }
        let parts = try componentProbabilities(table)
        return try combine(parts, available: table.available)
    }

    /// Per component: n × K probabilities and per-row availability.
    func componentProbabilities(_ table: FeatureTable) throws(FusionError) -> [(p: Matrix, ok: [Bool])] {
        var out: [(p: Matrix, ok: [Bool])] = []
        for c in components {
            let x = try c.standardizer.transform(table.features.selectingColumns(c.columns))
            let p = try c.classifier.predictProbabilities(x)
            let ok = (0..<table.count).map { i in c.requires.allSatisfy { table.available[i][$0] } }
            out.append((p, ok))
        }
        return out
    }

    func combine(_ parts: [(p: Matrix, ok: [Bool])], available: [[Bool]]) throws(FusionError) -> Matrix {
        let n = parts.first?.p.rows ?? 0
        let k = classes.count
        var out = Matrix(rows: n, cols: k)
        switch combiner {
        case .single:
            return parts[0].p
        case .weights(let w):
            for i in 0..<n {
                var total = 0.0
                for (c, part) in parts.enumerated() where part.ok[i] {
                    total += w[c]
                    for j in 0..<k { out[i, j] += w[c] * part.p[i, j] }
                }
                if total > 0 {
                    for j in 0..<k { out[i, j] /= total }
                } else {
                    for j in 0..<k { out[i, j] = classPrior[j] }
                }
            }
            return out
        case .stacked(let meta, let prior):
            let z = FusionModel.metaFeatures(parts.map { ($0.p, $0.ok) }, prior: prior)
            return try meta.predictProbabilities(z)
        }
    }

    /// Meta-model inputs: per component K log-probabilities (log prior when unavailable), then
    /// one unavailable flag per component.
    static func metaFeatures(_ parts: [(Matrix, [Bool])], prior: [Double]) -> Matrix {
        let n = parts.first?.0.rows ?? 0
        let k = prior.count
        let m = parts.count
        let cols = m * k + m
        var z = Matrix(rows: n, cols: cols)
        for i in 0..<n {
            for (c, (p, ok)) in parts.enumerated() {
                for j in 0..<k {
                    let v = ok[i] ? p[i, j] : prior[j]
                    z[i, c * k + j] = log(max(v, 1e-12))
                }
                z[i, m * k + c] = ok[i] ? 0 : 1
            }
        }
        return z
    }
}

/// Fits fusion models.
public enum FusionTrainer {
    /// Fits `parameters` on every row of `table` (labels required). `seed` fixes modality dropout,
    /// inner splits and MLP initialisation.
    public static func fit(_ table: FeatureTable, parameters: FusionParameters, seed: UInt64 = 0) throws(FusionError)
        -> FusionModel
    {
        try parameters.validate()
        BLASInfo.pinDefault()
        let k = table.classes.count
        guard k >= 2 else {
            throw .invalidData("the label column has \(k) class(es); expected at least 2")
        }
        guard table.count >= 2 else { throw .invalidData("the table has \(table.count) row(s); expected at least 2") }
        if let i = table.labels.firstIndex(where: { $0 < 0 }) {
            throw .invalidData("row \(i + 1) has no label; fitting needs a label for every row")
        }
        var counts = [Double](repeating: 0, count: k)
        for l in table.labels { counts[l] += 1 }
        let prior = counts.map { $0 / Double(table.count) }
        var rng = SeededRandom.derived(seed: seed, stream: 0xF05)
        let all = Array(0..<table.count)
        var components: [FusionComponent] = []
        let multi = table.modalities.count > 1
        if parameters.strategy != .late {
            components.append(
                try fitEarly(
                    table, rows: all, parameters: parameters, seed: rng.next(), dropout: parameters.modalityDropout))
        }
        if parameters.strategy != .early {
            for m in table.modalities.indices {
                components.append(try fitModality(table, m, rows: all, parameters: parameters, seed: rng.next()))
            }
        }
        var model = FusionModel(
            parameters: parameters, featureNames: table.featureNames, classes: table.classes,
            modalities: table.modalities, components: components, combiner: .single, classPrior: prior)
        switch parameters.strategy {
        case .early:
            model.combiner = .single
        case .late where parameters.lateCombiner == .mean || !multi:
            model.combiner = .weights(values: [Double](repeating: 1, count: components.count))
        case .late, .hybrid:
            let inner = try innerOutOfFold(table, parameters: parameters, seed: rng.next())
            if parameters.strategy == .late && parameters.lateCombiner == .weighted {
                model.combiner = .weights(values: learnWeights(inner, labels: table.labels))
            } else {
                var parts = inner
                if parameters.modalityDropout > 0 {
                    parts = dropForMeta(parts, rate: parameters.modalityDropout, rng: &rng)
                }
                let z = FusionModel.metaFeatures(parts.map { ($0.p, $0.ok) }, prior: prior)
                let meta = try LogisticRegression.fit(
                    z, table.labels, classCount: k, parameters: .init(C: parameters.metaC, tol: 1e-8))
                model.combiner = .stacked(meta: meta, prior: prior)
            }
        }
        return model
    }

    /// Early component: all columns, mask features, modality dropout on training rows.
    static func fitEarly(
        _ table: FeatureTable, rows: [Int], parameters: FusionParameters, seed: UInt64, dropout: Double
    )
        throws(FusionError) -> FusionComponent
    {
        let t = table.selectingRows(rows)
        let masks = parameters.maskFeatures && table.modalities.count > 1 ? table.modalities.map(\.columns) : []
        let scaler = try Standardizer.fit(t.features, imputation: parameters.imputation, maskModalities: masks)
        var x = t.features
        var rng = SeededRandom(seed: seed)
        if dropout > 0 && table.modalities.count > 1 {
            for i in 0..<x.rows {
                let avail = table.modalities.indices.filter { t.available[i][$0] }
                var keep = avail.filter { _ in rng.uniform() >= dropout }
                if keep.isEmpty, let first = avail.first {
                    keep = [avail.count > 1 ? avail[rng.index(avail.count)] : first]
                }
                for m in avail where !keep.contains(m) { for j in table.modalities[m].columns { x[i, j] = .nan } }
            }
        }
        let z = try scaler.transform(x)
        let clf = try parameters.classifier.fit(
            z, t.labels, classCount: table.classes.count, subjects: t.subjects, seed: rng.next())
        return FusionComponent(
            name: "early", columns: Array(0..<table.featureNames.count), requires: [], standardizer: scaler,
            classifier: clf)
    }

    /// Per-modality component, trained on the rows where that modality is available.
    static func fitModality(_ table: FeatureTable, _ m: Int, rows: [Int], parameters: FusionParameters, seed: UInt64)
        throws(FusionError) -> FusionComponent
    {
        let usable = rows.filter { table.available[$0][m] }
        let cols = table.modalities[m].columns
        guard usable.count >= 2 else {
            throw .invalidData(
                "modality '\(table.modalities[m].name)' is available in \(usable.count) training row(s); expected at least 2"
            )
        }
        let t = table.selectingRows(usable)
        let xm = t.features.selectingColumns(cols)
        let scaler = try Standardizer.fit(xm, imputation: parameters.imputation)
        let z = try scaler.transform(xm)
        let k = table.classes.count
        let clf: Classifier
        if Set(t.labels).count < 2 {
            // A single class in this modality's rows (small inner folds): predict its frequency.
            var freq = [Double](repeating: 0, count: k)
            for l in t.labels { freq[l] += 1 / Double(t.labels.count) }
            clf = .constant(probabilities: freq)
        } else {
            clf = try parameters.classifier.fit(z, t.labels, classCount: k, subjects: t.subjects, seed: seed)
        }
        return FusionComponent(
            name: table.modalities[m].name, columns: cols, requires: [m], standardizer: scaler, classifier: clf)
    }

    /// Inner out-of-fold component probabilities on the training table (subject-wise k-fold,
    /// k = min(innerFolds, subjects); row-wise stratified when there is a single subject).
    static func innerOutOfFold(_ table: FeatureTable, parameters: FusionParameters, seed: UInt64) throws(FusionError)
        -> [(p: Matrix, ok: [Bool])]
    {
        let subjects = Set(table.subjects).count
        let folds: [Fold]
        if subjects >= 2 {
            folds = try Splitter.folds(
                table, protocol: .groupKFold(k: min(parameters.innerFolds, subjects)), seed: seed)
        } else {
            folds = try Splitter.folds(
                table, protocol: .stratifiedKFold(k: min(parameters.innerFolds, table.count)), seed: seed)
        }
        let k = table.classes.count
        let withEarly = parameters.strategy == .hybrid
        let nComp = table.modalities.count + (withEarly ? 1 : 0)
        var parts = [(p: Matrix, ok: [Bool])](
            repeating: (Matrix(rows: table.count, cols: k), [Bool](repeating: false, count: table.count)), count: nComp)
        var rng = SeededRandom(seed: seed)
        for f in folds {
            var comps: [FusionComponent] = []
            if withEarly {
                comps.append(
                    try fitEarly(
                        table, rows: f.train, parameters: parameters, seed: rng.next(),
                        dropout: parameters.modalityDropout))
            }
            for m in table.modalities.indices {
                comps.append(try fitModality(table, m, rows: f.train, parameters: parameters, seed: rng.next()))
            }
            let test = table.selectingRows(f.test)
            for (c, comp) in comps.enumerated() {
                let x = try comp.standardizer.transform(test.features.selectingColumns(comp.columns))
                let p = try comp.classifier.predictProbabilities(x)
                for (r, i) in f.test.enumerated() {
                    for j in 0..<k { parts[c].p[i, j] = p[r, j] }
                    parts[c].ok[i] = comp.requires.allSatisfy { table.available[i][$0] }
                }
            }
        }
        return parts
    }

    /// Simplex weights minimising the log-loss of Σ a w p / Σ a w over the inner predictions
    /// (softmax parameterisation, L-BFGS, analytic gradient).
    static func learnWeights(_ parts: [(p: Matrix, ok: [Bool])], labels: [Int]) -> [Double] {
        let m = parts.count
        let n = labels.count
        func weights(_ v: [Double]) -> [Double] {
            let mx = v.max() ?? 0
            let e = v.map { exp($0 - mx) }
            let s = e.reduce(0, +)
            return e.map { $0 / s }
        }
        var solver = LBFGS()
        solver.gradientTolerance = 1e-10
        solver.maxIterations = 500
        let r = solver.minimize([Double](repeating: 0, count: m)) { v, grad in
            let w = weights(v)
            var gw = [Double](repeating: 0, count: m)
            var loss = 0.0
            for i in 0..<n {
                var num = 0.0
                var den = 0.0
                for c in 0..<m where parts[c].ok[i] {
                    num += w[c] * parts[c].p[i, labels[i]]
                    den += w[c]
                }
                guard den > 0 else { continue }
                let q = max(num / den, 1e-15)
                loss -= log(q)
                for c in 0..<m where parts[c].ok[i] {
                    gw[c] -= (parts[c].p[i, labels[i]] - q) / (den * q)
                }
            }
            let dot = zip(w, gw).reduce(0) { $0 + $1.0 * $1.1 }
            for c in 0..<m { grad[c] = w[c] * (gw[c] - dot) / Double(n) }
            return loss / Double(n)
        }
        return weights(r.x)
    }

    /// Marks components unavailable at random (never all of a row's components) to teach the
    /// meta-model what missing inputs look like.
    static func dropForMeta(_ parts: [(p: Matrix, ok: [Bool])], rate: Double, rng: inout SeededRandom)
        -> [(p: Matrix, ok: [Bool])]
    {
        var out = parts
        let n = parts.first?.p.rows ?? 0
        for i in 0..<n {
            let avail = out.indices.filter { out[$0].ok[i] }
            var dropped = 0
            for c in avail where rng.uniform() < rate && dropped < avail.count - 1 {
                out[c].ok[i] = false
                dropped += 1
            }
        }
        return out
    }
}
