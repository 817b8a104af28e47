import Foundation
import SignalCore

/// Multilayer perceptron classifier: 1–2 hidden ReLU layers, softmax output, cross-entropy
/// loss with L2 penalty, Adam, minibatches, early stopping on an inner validation split; seeded.
///
/// Loss per minibatch B (scikit-learn `MLPClassifier` form):
/// `L = −(1/|B|)·Σᵢ log softmax(z_i)_{yᵢ} + (α / (2|B|))·Σ_l ‖W_l‖²` (biases not penalised).
/// Forward `A_{l+1} = ReLU(A_l·W_l + b_l)`; backward `∇W_l = A_lᵀ·Δ_l`, `Δ_{l−1} = (Δ_l·W_lᵀ) ⊙ 1[Z > 0]`;
/// every product is a dgemm. Adam (Kingma & Ba 2015) with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and
/// scikit-learn's bias-corrected step `lr·√(1−β₂ᵗ)/(1−β₁ᵗ)`. Weights and biases start
/// Glorot-uniform, ±√(6/(fan_in + fan_out)) (Glorot & Bengio 2010), from `SeededRandom(seed)`;
/// rows are reshuffled each epoch from the same generator, so a seed fixes every bit of the fit.
public enum MLP {
    /// Parameters (scikit-learn names where they exist). Defaults: one hidden layer of 64 units,
    /// α = 1e-4, learning rate 1e-3, batch 200, at most 200 epochs, early stopping with 10 % of
    /// subjects held out, patience 10 epochs, improvement threshold 1e-4 in validation log-loss.
    public struct Parameters: Codable, Sendable, Equatable {
        public var hiddenLayers: [Int]
        public var alpha: Double
        public var learningRate: Double
        public var batchSize: Int
        public var maxEpochs: Int
        public var earlyStopping: Bool
        public var validationFraction: Double
        public var patience: Int
        public var tol: Double

        public init(
            hiddenLayers: [Int] = [64], alpha: Double = 1e-4, learningRate: Double = 1e-3, batchSize: Int = 200,
            maxEpochs: Int = 200, earlyStopping: Bool = true, validationFraction: Double = 0.1, patience: Int = 10,
            tol: Double = 1e-4
        ) {
            self.hiddenLayers = hiddenLayers
            self.alpha = alpha
            self.learningRate = learningRate
            self.batchSize = batchSize
            self.maxEpochs = maxEpochs
            self.earlyStopping = earlyStopping
            self.validationFraction = validationFraction
            self.patience = patience
            self.tol = tol
        }

        public func validate() throws(FusionError) {
            guard (1...2).contains(hiddenLayers.count), hiddenLayers.allSatisfy({ $0 >= 1 }) else {
                throw .invalidParameter(
                    name: "hidden_layers", value: "\(hiddenLayers)", expected: "1 or 2 layers of ≥ 1 unit each")
            }
            guard alpha >= 0, alpha.isFinite else {
                throw .invalidParameter(name: "alpha", value: "\(alpha)", expected: "a finite alpha ≥ 0")
            }
            guard learningRate > 0, learningRate.isFinite else {
                throw .invalidParameter(name: "learning_rate", value: "\(learningRate)", expected: "a finite rate > 0")
            }
            guard batchSize >= 1 else {
                throw .invalidParameter(name: "batch_size", value: "\(batchSize)", expected: "an integer ≥ 1")
            }
            guard maxEpochs >= 1 else {
                throw .invalidParameter(name: "max_epochs", value: "\(maxEpochs)", expected: "an integer ≥ 1")
            }
            guard !earlyStopping || (validationFraction > 0 && validationFraction < 1) else {
                throw .invalidParameter(
                    name: "validation_fraction", value: "\(validationFraction)", expected: "0 < fraction < 1")
            }
            guard patience >= 1 else {
                throw .invalidParameter(name: "patience", value: "\(patience)", expected: "an integer ≥ 1")
            }
        }
    }

    /// Fits on x (n × d, finite) and labels in 0..<classCount. `subjects` (n names) makes the
    /// early-stopping split subject-wise; without it rows are held out at random (seeded).
    public static func fit(
        _ x: Matrix, _ y: [Int], classCount: Int, parameters: Parameters = Parameters(), subjects: [String]? = nil,
        seed: UInt64 = 0
    ) throws(FusionError) -> MLPModel {
        try train(x, y, classCount: classCount, parameters: parameters, subjects: subjects, seed: seed, recorder: nil)
    }

    /// `fit`, additionally timing every matrix product of training (thread CPU seconds per
    /// product site, two clock reads per product) — for benchmarks that compare the MLP's own
    /// dgemm calls with the single-core dgemm rate. The model is identical to `fit`'s.
    public static func fitProfilingProducts(
        _ x: Matrix, _ y: [Int], classCount: Int, parameters: Parameters = Parameters(), subjects: [String]? = nil,
        seed: UInt64 = 0
    ) throws(FusionError) -> (model: MLPModel, products: MLPProductProfile) {
        let recorder = ProductRecorder()
        let model = try train(
            x, y, classCount: classCount, parameters: parameters, subjects: subjects, seed: seed, recorder: recorder)
        return (model, MLPProductProfile(sites: recorder.sites.compactMap { $0 }))
    }

    static func train(
        _ x: Matrix, _ y: [Int], classCount: Int, parameters: Parameters, subjects: [String]?, seed: UInt64,
        recorder: ProductRecorder?
    ) throws(FusionError) -> MLPModel {
        try parameters.validate()
        BLASInfo.pinDefault()
        let n = x.rows
        guard n >= 2, y.count == n else {
            throw .shapeMismatch(operation: "MLP.fit", detail: "\(n) rows, \(y.count) labels (need ≥ 2 rows)")
        }
        guard x.data.allSatisfy(\.isFinite) else {
            throw .invalidData("MLP: training features must be finite (impute missing values first)")
        }
        if let bad = y.first(where: { $0 < 0 || $0 >= classCount }) {
            throw .invalidData("MLP: label index \(bad) outside 0..<\(classCount)")
        }
        let present = Array(Set(y)).sorted()
        guard present.count >= 2 else {
            throw .invalidData("MLP: the training rows contain only \(present.count) class(es); expected at least 2")
        }
        let remap = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, $0) })
        let yc = y.map { remap[$0]! }
        var rng = SeededRandom(seed: seed)
        var trainRows = Array(0..<n)
        var valRows: [Int] = []
        if parameters.earlyStopping {
            let subj = subjects ?? (0..<n).map { "\($0)" }
            let split = try Splitter.groupHoldout(
                rows: trainRows, subjects: subj, fraction: parameters.validationFraction, seed: rng.next())
            trainRows = split.fit
            valRows = split.heldOut
        }
        var net = Network(inputs: x.cols, hidden: parameters.hiddenLayers, outputs: present.count, rng: &rng)
        let xv = x.selectingRows(valRows)
        let yv = valRows.map { yc[$0] }
        var adam = Adam(shapes: net.parameterCounts)
        var best = net
        // Training works on the transposed weights (fan_out × fan_in) and unit-major activations
        // (see `lossAndGradients`); `net` is refreshed from `trained` whenever the standard layout is needed.
        var trained = net.transposingWeights()
        var bestLoss = Double.infinity
        var sinceBest = 0
        var epochs = 0
        var lastTrainLoss = Double.nan
        // Every buffer of a training step is allocated once here; the epoch loop allocates nothing.
        let buffers = TrainingBuffers(network: net, capacity: min(parameters.batchSize, trainRows.count))
        buffers.recorder = recorder
        var grads = trained.zeroGradients()
        for _ in 0..<parameters.maxEpochs {
            epochs += 1
            trainRows.shuffle(using: &rng)
            var total = 0.0
            var start = 0
            while start < trainRows.count {
                let end = min(start + parameters.batchSize, trainRows.count)
                total +=
                    trained.lossAndGradients(
                        x, yc, rows: trainRows[start..<end], alpha: parameters.alpha, buffers: buffers, into: &grads)
                    * Double(end - start)
                adam.step(&trained, grads, learningRate: parameters.learningRate)
                start = end
            }
            lastTrainLoss = total / Double(trainRows.count)
            guard lastTrainLoss.isFinite else {
                throw .invalidData("MLP: training loss became \(lastTrainLoss); lower the learning rate")
            }
            if parameters.earlyStopping {
                net = trained.transposingWeights()
                let lv = net.meanLogLoss(xv, yv)
                if lv < bestLoss - parameters.tol {
                    bestLoss = lv
                    best = net
                    sinceBest = 0
                } else {
                    sinceBest += 1
                    if sinceBest >= parameters.patience { break }
                }
            }
        }
        if !parameters.earlyStopping { best = trained.transposingWeights() }
        return MLPModel(
            classCount: classCount, presentClasses: present, weights: best.weights, biases: best.biases, epochs: epochs,
            bestValidationLogLoss: parameters.earlyStopping ? bestLoss : .nan, finalTrainLoss: lastTrainLoss)
    }
}

/// The fitted state of `MLP.fit`: per layer a weight matrix (fan_in × fan_out) and biases.
public struct MLPModel: Codable, Sendable, Equatable {
    public var classCount: Int
    public var presentClasses: [Int]
    public var weights: [Matrix]
    public var biases: [[Double]]
    /// Epochs run (including those after the best one, up to the patience limit).
    public var epochs: Int
    /// Best validation log-loss (NaN without early stopping; JSON null).
    public var bestValidationLogLoss: Double
    public var finalTrainLoss: Double

    enum CodingKeys: String, CodingKey {
        case classCount, presentClasses, weights, biases, epochs, bestValidationLogLoss, finalTrainLoss
    }

    public init(
        classCount: Int, presentClasses: [Int], weights: [Matrix], biases: [[Double]], epochs: Int,
        bestValidationLogLoss: Double, finalTrainLoss: Double
    ) {
        self.classCount = classCount
        self.presentClasses = presentClasses
        self.weights = weights
        self.biases = biases
        self.epochs = epochs
        self.bestValidationLogLoss = bestValidationLogLoss
        self.finalTrainLoss = finalTrainLoss
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        classCount = try c.decode(Int.self, forKey: .classCount)
        presentClasses = try c.decode([Int].self, forKey: .presentClasses)
        weights = try c.decode([Matrix].self, forKey: .weights)
        biases = try c.decode([[Double]].self, forKey: .biases)
        epochs = try c.decode(Int.self, forKey: .epochs)
        bestValidationLogLoss = try c.decodeIfPresent(Double.self, forKey: .bestValidationLogLoss) ?? .nan
        finalTrainLoss = try c.decodeIfPresent(Double.self, forKey: .finalTrainLoss) ?? .nan
    }

    public static func == (a: MLPModel, b: MLPModel) -> Bool {
        a.classCount == b.classCount && a.presentClasses == b.presentClasses && a.weights == b.weights
            && a.biases == b.biases && a.epochs == b.epochs
    }

    /// Class probabilities, n × classCount (absent classes 0).
    public func predictProbabilities(_ x: Matrix) throws(FusionError) -> Matrix {
        guard let first = weights.first, x.cols == first.rows else {
            throw .shapeMismatch(
                operation: "MLPModel.predict", detail: "fitted on \(weights.first?.rows ?? 0) features, got \(x.cols)")
        }
        let net = Network(weights: weights, biases: biases)
        let p = net.forward(x).last!
        var out = Matrix(rows: x.rows, cols: classCount)
        let k = presentClasses.count
        for i in 0..<x.rows { for j in 0..<k { out[i, presentClasses[j]] = p.data[i * k + j] } }
        return out
    }
}

/// Weights and the forward/backward passes (internal).
struct Network {
    var weights: [Matrix]
    var biases: [[Double]]

    init(weights: [Matrix], biases: [[Double]]) {
        self.weights = weights
        self.biases = biases
    }

    init(inputs: Int, hidden: [Int], outputs: Int, rng: inout SeededRandom) {
        let sizes = [inputs] + hidden + [outputs]
        weights = []
        biases = []
        for l in 0..<(sizes.count - 1) {
            let bound = (6.0 / Double(sizes[l] + sizes[l + 1])).squareRoot()
            var w = Matrix(rows: sizes[l], cols: sizes[l + 1])
            for i in w.data.indices { w.data[i] = rng.uniform(-bound, bound) }
            weights.append(w)
            biases.append((0..<sizes[l + 1]).map { _ in rng.uniform(-bound, bound) })
        }
    }

    var parameterCounts: [Int] { weights.map { $0.data.count } + biases.map(\.count) }

    /// The same network with every weight matrix transposed (fan_in × fan_out ↔ fan_out × fan_in).
    func transposingWeights() -> Network { Network(weights: weights.map(\.transposed), biases: biases) }

    func zeroGradients() -> Network {
        Network(
            weights: weights.map { Matrix(rows: $0.rows, cols: $0.cols) },
            biases: biases.map { [Double](repeating: 0, count: $0.count) })
    }

    /// Activations per layer: [A₁, …, A_L (ReLU), P (softmax)].
    func forward(_ x: Matrix) -> [Matrix] {
        var acts: [Matrix] = []
        var a = x
        for l in weights.indices {
            var z = Matrix(rows: a.rows, cols: weights[l].cols)
            a.data.withUnsafeBufferPointer { pa in
                weights[l].data.withUnsafeBufferPointer { pw in
                    z.data.withUnsafeMutableBufferPointer { pz in
                        BLAS.gemm(
                            transA: false, transB: false, m: a.rows, n: weights[l].cols, k: a.cols, alpha: 1,
                            a: pa.baseAddress!, lda: a.cols, b: pw.baseAddress!, ldb: weights[l].cols, beta: 0,
                            c: pz.baseAddress!, ldc: weights[l].cols)
                    }
                }
            }
            let c = z.cols
            let b = biases[l]
            if l < weights.count - 1 {
                z.data.withUnsafeMutableBufferPointer { pz in
                    for i in 0..<z.rows {
                        for j in 0..<c {
                            let v = pz[i * c + j] + b[j]
                            pz[i * c + j] = v > 0 ? v : 0
                        }
                    }
                }
            } else {
                for i in 0..<z.rows {
                    var m = -Double.infinity
                    for j in 0..<c {
                        z.data[i * c + j] += b[j]
                        m = max(m, z.data[i * c + j])
                    }
                    var s = 0.0
                    for j in 0..<c {
                        let e = exp(z.data[i * c + j] - m)
                        z.data[i * c + j] = e
                        s += e
                    }
                    for j in 0..<c { z.data[i * c + j] /= s }
                }
            }
            acts.append(z)
            a = z
        }
        return acts
    }

    func meanLogLoss(_ x: Matrix, _ y: [Int]) -> Double {
        guard !y.isEmpty else { return .nan }
        let p = forward(x).last!
        var s = 0.0
        for (i, k) in y.enumerated() { s -= log(max(p[i, k], Double.leastNormalMagnitude)) }
        return s / Double(y.count)
    }

    /// Mean cross-entropy + L2 term of the minibatch `rows` of (x, y); gradients written into `g`.
    ///
    /// Layout (training only): `self` holds the transposed weights W_lᵀ (fan_out × fan_in) and
    /// every activation and delta is unit-major, Hᵀ (units × batch); only the gathered input X_b
    /// is row-major (batch × d). Then every product puts the long batch dimension where OpenBLAS
    /// blocks best: Z₁ᵀ = W₀ᵀ·X_bᵀ, Z_{l+1}ᵀ = W_lᵀ·H_lᵀ, ∇W_lᵀ = Δ_{l+1}ᵀ·A_l + (α/nb)·W_lᵀ,
    /// Δ_lᵀ = (W_l·Δ_{l+1}ᵀ) ⊙ 1[H_l > 0], ∇b = Δᵀ·1 (dgemv). A step allocates nothing.
    func lossAndGradients(
        _ x: Matrix, _ y: [Int], rows: ArraySlice<Int>, alpha: Double, buffers ws: TrainingBuffers,
        into g: inout Network
    ) -> Double {
        let nb = rows.count
        let widths = ws.widths
        let layers = weights.count
        let d = widths[0]
        x.data.withUnsafeBufferPointer { xp in
            var r = 0
            for i in rows {
                (ws.input + r * d).update(from: xp.baseAddress! + i * d, count: d)
                ws.labels[r] = y[i]
                r += 1
            }
        }
        // Forward: Z_{l+1}ᵀ = W_lᵀ·A_lᵀ (dgemm), + b, ReLU; softmax, loss and Δᵀ = (P − Y)ᵀ/nb at the top.
        var loss = 0.0
        for l in 0..<layers {
            let fanIn = widths[l]
            let fanOut = widths[l + 1]
            let z = ws.activations[l]
            weights[l].data.withUnsafeBufferPointer { pw in
                if l == 0 {
                    ws.product(0, "forward W1ᵀ·X_bᵀ", m: fanOut, n: nb, k: fanIn, transA: false, transB: true) {
                        BLAS.gemm(
                            transA: false, transB: true, m: fanOut, n: nb, k: fanIn, alpha: 1, a: pw.baseAddress!,
                            lda: fanIn, b: ws.input, ldb: fanIn, beta: 0, c: z, ldc: nb)
                    }
                } else {
                    ws.product(
                        3 * l, "forward W\(l + 1)ᵀ·H\(l)ᵀ", m: fanOut, n: nb, k: fanIn, transA: false, transB: false
                    ) {
                        BLAS.gemm(
                            transA: false, transB: false, m: fanOut, n: nb, k: fanIn, alpha: 1, a: pw.baseAddress!,
                            lda: fanIn, b: ws.activations[l - 1], ldb: nb, beta: 0, c: z, ldc: nb)
                    }
                }
            }
            biases[l].withUnsafeBufferPointer { b in
                if l < layers - 1 {
                    for j in 0..<fanOut {
                        let zr = z + j * nb
                        let bj = b[j]
                        for i in 0..<nb {
                            let v = zr[i] + bj
                            zr[i] = v > 0 ? v : 0
                        }
                    }
                } else {
                    let delta = ws.delta
                    let inv = 1 / Double(nb)
                    for i in 0..<nb {
                        var m = -Double.infinity
                        for j in 0..<fanOut {
                            z[j * nb + i] += b[j]
                            m = max(m, z[j * nb + i])
                        }
                        var s = 0.0
                        for j in 0..<fanOut {
                            let e = exp(z[j * nb + i] - m)
                            z[j * nb + i] = e
                            s += e
                        }
                        let yi = ws.labels[i]
                        for j in 0..<fanOut {
                            let p = z[j * nb + i] / s
                            z[j * nb + i] = p
                            delta[j * nb + i] = (j == yi ? p - 1 : p) * inv
                        }
                        loss -= log(max(z[yi * nb + i], Double.leastNormalMagnitude))
                    }
                }
            }
        }
        loss /= Double(nb)
        // Backward, unit-major deltas.
        var l2 = 0.0
        var delta = ws.delta
        var spare = ws.deltaSpare
        let reg = alpha / Double(nb)
        for l in stride(from: layers - 1, through: 0, by: -1) {
            let fanIn = widths[l]
            let fanOut = widths[l + 1]
            weights[l].data.withUnsafeBufferPointer { pw in
                g.weights[l].data.withUnsafeMutableBufferPointer { pg in
                    pg.baseAddress!.update(from: pw.baseAddress!, count: fanIn * fanOut)
                    if l == 0 {
                        ws.product(1, "backward Δ1ᵀ·X_b", m: fanOut, n: fanIn, k: nb, transA: false, transB: false) {
                            BLAS.gemm(
                                transA: false, transB: false, m: fanOut, n: fanIn, k: nb, alpha: 1, a: delta, lda: nb,
                                b: ws.input, ldb: fanIn, beta: reg, c: pg.baseAddress!, ldc: fanIn)
                        }
                    } else {
                        ws.product(
                            3 * l + 1, "backward Δ\(l + 1)ᵀ·H\(l)", m: fanOut, n: fanIn, k: nb, transA: false,
                            transB: true
                        ) {
                            BLAS.gemm(
                                transA: false, transB: true, m: fanOut, n: fanIn, k: nb, alpha: 1, a: delta, lda: nb,
                                b: ws.activations[l - 1], ldb: nb, beta: reg, c: pg.baseAddress!, ldc: fanIn)
                        }
                    }
                }
                g.biases[l].withUnsafeMutableBufferPointer { gb in
                    BLAS.gemv(
                        transA: false, m: fanOut, n: nb, alpha: 1, a: delta, lda: nb, x: ws.ones, beta: 0,
                        y: gb.baseAddress!)
                }
                if l > 0 {
                    ws.product(
                        3 * l + 2, "backward W\(l + 1)·Δ\(l + 1)ᵀ", m: fanIn, n: nb, k: fanOut, transA: true,
                        transB: false
                    ) {
                        BLAS.gemm(
                            transA: true, transB: false, m: fanIn, n: nb, k: fanOut, alpha: 1, a: pw.baseAddress!,
                            lda: fanIn, b: delta, ldb: nb, beta: 0, c: spare, ldc: nb)
                    }
                    let act = ws.activations[l - 1]
                    // A select, not a branch: about half the hidden units are 0 and a branch mispredicts.
                    for i in 0..<(nb * fanIn) { spare[i] = act[i] > 0 ? spare[i] : 0 }
                    swap(&delta, &spare)
                }
            }
            l2 += BLAS.dot(weights[l].data, weights[l].data)
        }
        return loss + 0.5 * alpha * l2 / Double(nb)
    }
}

/// The buffers of one minibatch training step, allocated once per fit for the largest batch:
/// the gathered input rows (capacity × d), each layer's activations (capacity × width), two
/// delta buffers (capacity × widest layer), the labels and a vector of ones (bias gradients).
final class TrainingBuffers {
    /// Layer widths [d, h₁, (h₂,) K].
    let widths: [Int]
    let capacity: Int
    let input: UnsafeMutablePointer<Double>
    let activations: [UnsafeMutablePointer<Double>]
    let delta: UnsafeMutablePointer<Double>
    let deltaSpare: UnsafeMutablePointer<Double>
    let ones: UnsafeMutablePointer<Double>
    var labels: [Int]
    /// When set, every product's thread CPU time is recorded (`MLP.fitProfilingProducts`).
    var recorder: ProductRecorder?

    /// Runs `body` (one dgemm of op(A) m × k by op(B) k × n), timing it when a recorder is set.
    @inline(__always)
    func product(
        _ site: Int, _ name: @autoclosure () -> String, m: Int, n: Int, k: Int, transA: Bool, transB: Bool,
        _ body: () -> Void
    ) {
        guard let recorder else { return body() }
        let t0 = ProductRecorder.threadCPUSeconds()
        body()
        recorder.add(
            site, name(), m: m, n: n, k: k, transA: transA, transB: transB,
            seconds: ProductRecorder.threadCPUSeconds() - t0)
    }

    init(network: Network, capacity: Int) {
        let widths = [network.weights[0].rows] + network.weights.map(\.cols)
        self.widths = widths
        self.capacity = capacity
        func buffer(_ count: Int, _ value: Double = 0) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
            p.initialize(repeating: value, count: max(count, 1))
            return p
        }
        input = buffer(capacity * widths[0])
        activations = widths.dropFirst().map { buffer(capacity * $0) }
        let widest = widths.max() ?? 1
        delta = buffer(capacity * widest)
        deltaSpare = buffer(capacity * widest)
        ones = buffer(capacity, 1)
        labels = [Int](repeating: 0, count: capacity)
    }

    deinit {
        input.deallocate()
        for a in activations { a.deallocate() }
        delta.deallocate()
        deltaSpare.deallocate()
        ones.deallocate()
    }
}

/// CPU time of the MLP's matrix products during one `MLP.fitProfilingProducts` run, per product
/// site (layer and kind): forward `A_l·W_{l+1}`, weight gradient `A_lᵀ·Δ_{l+1}`, back-propagation
/// `Δ_{l+1}·W_{l+1}ᵀ` (A₀ = the gathered input batch).
public struct MLPProductProfile: Sendable, Equatable {
    public struct Site: Sendable, Equatable {
        public var name: String
        /// Shape of the first (full-batch) call: op(A) is m × k, op(B) k × n, C m × n.
        public var m: Int
        public var n: Int
        public var k: Int
        public var transposeA: Bool
        public var transposeB: Bool
        public var calls: Int
        /// Σ 2·m·n·k over all calls (the last batch of an epoch may be smaller).
        public var flops: Double
        /// Thread CPU seconds inside the calls.
        public var seconds: Double
    }

    public var sites: [Site]
}

/// Accumulates `MLPProductProfile.Site`s by site index.
final class ProductRecorder {
    var sites: [MLPProductProfile.Site?] = []

    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    func add(_ site: Int, _ name: String, m: Int, n: Int, k: Int, transA: Bool, transB: Bool, seconds: Double) {
        while sites.count <= site { sites.append(nil) }
        let flops = 2 * Double(m) * Double(n) * Double(k)
        if sites[site] == nil {
            sites[site] = MLPProductProfile.Site(
                name: name, m: m, n: n, k: k, transposeA: transA, transposeB: transB, calls: 0, flops: 0, seconds: 0)
        }
        sites[site]!.calls += 1
        sites[site]!.flops += flops
        sites[site]!.seconds += seconds
    }
}

/// Adam optimiser state over a `Network`'s weights and biases.
struct Adam {
    var m: [[Double]]
    var v: [[Double]]
    var t = 0
    let beta1 = 0.9
    let beta2 = 0.999
    let eps = 1e-8

    init(shapes: [Int]) {
        m = shapes.map { [Double](repeating: 0, count: $0) }
        v = m
    }

    mutating func step(_ net: inout Network, _ g: Network, learningRate: Double) {
        t += 1
        let lr = learningRate * (1 - pow(beta2, Double(t))).squareRoot() / (1 - pow(beta1, Double(t)))
        let L = net.weights.count
        for l in 0..<L {
            update(&net.weights[l].data, g.weights[l].data, slot: l, lr: lr)
            update(&net.biases[l], g.biases[l], slot: L + l, lr: lr)
        }
    }

    private mutating func update(_ p: inout [Double], _ g: [Double], slot: Int, lr: Double) {
        let b1 = beta1
        let b2 = beta2
        let e = eps
        m[slot].withUnsafeMutableBufferPointer { pm in
            v[slot].withUnsafeMutableBufferPointer { pv in
                p.withUnsafeMutableBufferPointer { pp in
                    g.withUnsafeBufferPointer { pg in
                        for i in 0..<pp.count {
                            let gi = pg[i]
                            pm[i] = b1 * pm[i] + (1 - b1) * gi
                            pv[i] = b2 * pv[i] + (1 - b2) * gi * gi
                            pp[i] -= lr * pm[i] / (pv[i].squareRoot() + e)
                        }
                    }
                }
            }
        }
    }
}
