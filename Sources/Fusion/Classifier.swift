/// Which base classifier a fusion component uses, with its parameters.
public enum ClassifierSpec: Codable, Sendable, Equatable {
    case logistic(parameters: LogisticRegression.Parameters)
    case mlp(parameters: MLP.Parameters)

    public var name: String {
        switch self {
        case .logistic: return "logreg"
        case .mlp: return "mlp"
        }
    }

    public func validate() throws(FusionError) {
        switch self {
        case .logistic(let p): try p.validate()
        case .mlp(let p): try p.validate()
        }
    }

    /// Fits on standardised x. `subjects` drives the MLP's subject-wise early-stopping split.
    func fit(_ x: Matrix, _ y: [Int], classCount: Int, subjects: [String], seed: UInt64) throws(FusionError)
        -> Classifier
    {
        switch self {
        case .logistic(let p):
            return .logistic(model: try LogisticRegression.fit(x, y, classCount: classCount, parameters: p))
        case .mlp(let p):
            return .mlp(model: try MLP.fit(x, y, classCount: classCount, parameters: p, subjects: subjects, seed: seed))
        }
    }
}

/// A fitted base classifier.
public enum Classifier: Codable, Sendable, Equatable {
    case logistic(model: LogisticModel)
    case mlp(model: MLPModel)
    /// The same probabilities for every row: used for a late-fusion component whose training
    /// rows hold a single class (the observed class frequencies; nothing else can be learned).
    case constant(probabilities: [Double])

    public func predictProbabilities(_ x: Matrix) throws(FusionError) -> Matrix {
        switch self {
        case .logistic(let m): return try m.predictProbabilities(x)
        case .mlp(let m): return try m.predictProbabilities(x)
        case .constant(let p):
            var out = Matrix(rows: x.rows, cols: p.count)
            for i in 0..<x.rows { for j in p.indices { out[i, j] = p[j] } }
            return out
        }
    }
}
