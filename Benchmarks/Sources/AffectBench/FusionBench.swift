import ArgumentParser
import Foundation
import Fusion
import SignalCore

/// Fusion model speed: multinomial logistic regression (100 000 × 256, 4 classes) and an MLP
/// (128 hidden ReLU units, 10 epochs, batch 1024), with the single-core dgemm rate measured in
/// the same process as the yardstick for the GEMM-bound steps. The data are written to `--data`
/// (raw little-endian float64: n·d features row-major, then n labels) so the scikit-learn
/// anchor (anchors/fusion.py) fits exactly the same rows.
struct FusionBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fusion", abstract: "Logistic regression and MLP training vs scikit-learn; dgemm yardstick.")

    @Option(help: "Rows.") var rows = 100_000
    @Option(help: "Features.") var features = 256
    @Option(help: "Where the data are written (read by the anchor).") var data = "/tmp/affect-bench-fusion.f64"
    @Option(help: "Logistic regression tol (scikit-learn meaning; 1e-4 is scikit-learn's default).")
    var tol = 1e-4
    @Option(help: "Logistic regression max_iter (scikit-learn default 100).") var maxIter = 100

    func run() throws {
        try BLASInfo.setThreads(1)
        let k = 4
        let (x, y) = makeData(n: rows, d: features, k: k)
        try write(x, y, to: data)
        print("BLAS: \(BLASInfo.summary)")
        print(Timing.row(["case", "tool", "wall s", "cpu s", "result"]))

        // dgemm yardstick: 2000³, best of 3.
        let a = Matrix(rows: 2000, cols: 2000, repeating: 0.5)
        var c = Matrix(rows: 2000, cols: 2000)
        let tg = try Timing.best(repeats: 2) { try Matrix.gemm(a, a, into: &c) }
        let peak = 2 * 8e9 / tg.wall / 1e9
        print(
            Timing.row([
                "dgemm 2000³", "OpenBLAS, 1 thread", Timing.fmt(tg.wall), Timing.fmt(tg.cpu),
                "\(Timing.fmt(peak, 1)) GFLOP/s",
            ]))

        // Logistic regression, same objective and stopping rule as scikit-learn lbfgs.
        var lr: LogisticModel?
        let params = LogisticRegression.Parameters(C: 1, tol: tol, maxIter: maxIter, newtonPolish: false)
        let tl = try Timing.best(repeats: 2) {
            lr = try LogisticRegression.fit(x, y, classCount: k, parameters: params)
        }
        let accLR = ClassificationMetrics.accuracy(y, ClassificationMetrics.argmax(try lr!.predictProbabilities(x)))
        print(
            Timing.row([
                "logistic regression \(rows) × \(features), 4 classes, C=1, tol \(tol)",
                "AffectWorkbench (L-BFGS, dgemm)",
                Timing.fmt(tl.wall), Timing.fmt(tl.cpu),
                "iterations \(lr!.iterations), objective \(String(format: "%.12f", lr!.objective)), train acc \(Timing.fmt(accLR))",
            ]))

        // MLP: 128 hidden, Adam, 10 epochs, batch 1024, no early stopping.
        var mlp: MLPModel?
        let mp = MLP.Parameters(
            hiddenLayers: [128], alpha: 1e-4, learningRate: 1e-3, batchSize: 1024, maxEpochs: 10, earlyStopping: false)
        let tm = try Timing.best(repeats: 1) { mlp = try MLP.fit(x, y, classCount: k, parameters: mp, seed: 0) }
        let accM = ClassificationMetrics.accuracy(y, ClassificationMetrics.argmax(try mlp!.predictProbabilities(x)))
        let h = 128.0
        let n = Double(rows)
        let d = Double(features)
        // GEMM FLOPs per epoch: forward 2n(dh + hK), backward ∇W1 2ndh, ∇W2 2nhK, Δ1 2nKh.
        let flopsEpoch = n * (4 * d * h + 6 * h * Double(k))
        print(
            Timing.row([
                "MLP 128 hidden, 10 epochs, batch 1024", "AffectWorkbench (Adam, dgemm)", Timing.fmt(tm.wall),
                Timing.fmt(tm.cpu),
                "final train loss \(String(format: "%.6f", mlp!.finalTrainLoss)), train acc \(Timing.fmt(accM)), "
                    + "\(Timing.fmt(10 * flopsEpoch / tm.wall / 1e9, 1)) GFLOP/s overall = "
                    + "\(Timing.fmt(100 * 10 * flopsEpoch / tm.wall / 1e9 / peak, 0)) % of dgemm",
            ]))

        // The GEMM-bound steps alone, at the MLP's shapes: X_b·W1 (1024×256·256×128) and
        // X_bᵀ·Δ1 (256×1024·1024×128), over one epoch's batches.
        let xb = x.selectingRows(Array(0..<1024))
        let w1 = Matrix(rows: features, cols: 128, repeating: 0.01)
        let d1 = Matrix(rows: 1024, cols: 128, repeating: 0.01)
        var z = Matrix(rows: 1024, cols: 128)
        var g = Matrix(rows: features, cols: 128)
        let batches = rows / 1024
        let tb = try Timing.best(repeats: 2) {
            for _ in 0..<batches {
                try Matrix.gemm(xb, w1, into: &z)
                try Matrix.gemm(xb, transposeA: true, d1, into: &g)
            }
        }
        let rate = Double(batches) * 4 * 1024 * d * 128 / tb.wall / 1e9
        print(
            Timing.row([
                "MLP GEMM steps (forward X·W1 + backward Xᵀ·Δ1), one epoch", "OpenBLAS, 1 thread", Timing.fmt(tb.wall),
                Timing.fmt(tb.cpu),
                "\(Timing.fmt(rate, 1)) GFLOP/s = \(Timing.fmt(100 * rate / peak, 0)) % of dgemm 2000³",
            ]))
    }

    /// Four Gaussian classes (priors .4/.3/.2/.1), class means N(0, 0.15²) per feature, unit noise.
    func makeData(n: Int, d: Int, k: Int) -> (Matrix, [Int]) {
        var rng = SeededRandom(seed: 20_261_123)
        let means = (0..<k).map { _ in (0..<d).map { _ in 0.15 * rng.normal() } }
        var x = Matrix(rows: n, cols: d)
        var y = [Int](repeating: 0, count: n)
        let cum = [0.4, 0.7, 0.9, 1.0]
        for i in 0..<n {
            let u = rng.uniform()
            let c = cum.firstIndex { u < $0 } ?? k - 1
            y[i] = c
            for j in 0..<d { x[i, j] = means[c][j] + rng.normal() }
        }
        return (x, y)
    }

    func write(_ x: Matrix, _ y: [Int], to path: String) throws {
        var out = x.data + y.map(Double.init)
        let bytes = out.withUnsafeMutableBytes { Data($0) }
        try bytes.write(to: URL(fileURLWithPath: path))
    }
}
