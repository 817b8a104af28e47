import ArgumentParser
import Foundation
import Fusion
import SignalCore

/// Fusion model speed: multinomial logistic regression (100 000 × 256, 4 classes) and an MLP
/// (128 hidden ReLU units, 10 epochs, batch 1024), plus the GEMM-efficiency check: the MLP's own
/// dgemm calls (timed in place by `MLP.fitProfilingProducts`) against the single-core dgemm rate
/// (2000³) and against plain dgemm at exactly the same shapes, measured interleaved in the same
/// process, best of `--rounds` each. The data are written to `--data` (raw little-endian
/// float64: n·d features row-major, then n labels) so the scikit-learn anchor
/// (anchors/fusion.py) fits exactly the same rows. All rates use CPU seconds (user + system):
/// on a shared, loaded machine wall time includes waiting for the core.
struct FusionBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fusion", abstract: "Logistic regression and MLP training vs scikit-learn; dgemm yardstick.")

    @Option(help: "Rows.") var rows = 100_000
    @Option(help: "Features.") var features = 256
    @Option(help: "Where the data are written (read by the anchor).") var data = "/tmp/affect-bench-fusion.f64"
    @Option(help: "Logistic regression tol (scikit-learn meaning; 1e-4 is scikit-learn's default).")
    var tol = 1e-4
    @Option(help: "Logistic regression max_iter (scikit-learn default 100).") var maxIter = 100
    @Option(help: "Parts to run, comma-separated: gemm, lr, mlp.") var parts = "gemm,lr,mlp"
    @Option(help: "Interleaved rounds of the GEMM comparison, after one warm-up round (best of each).")
    var rounds = 5
    @Option(help: "Timed logistic-regression fits after one warm-up (best of).") var lrRepeats = 3

    static let hidden = 128
    static let batch = 1024

    func run() throws {
        try BLASInfo.setThreads(1)
        let k = 4
        let (x, y) = makeData(n: rows, d: features, k: k)
        try write(x, y, to: data)
        let selected = Set(parts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        print("BLAS: \(BLASInfo.summary)")
        print(Timing.row(["case", "tool", "wall s", "cpu s", "result"]))
        var peak: Double?
        if selected.contains("gemm") { peak = try gemmComparison(x, y, k: k) }
        if selected.contains("lr") { try logisticRegression(x, y, k: k) }
        if selected.contains("mlp") { try mlp(x, y, k: k, peak: peak) }
    }

    /// One 2000³ dgemm (CPU seconds, GFLOP/s per CPU second).
    func squareDGEMM(_ a: Matrix, _ c: inout Matrix) throws -> (wall: Double, cpu: Double, rate: Double) {
        let w0 = Timing.wall()
        let c0 = Timing.cpu()
        try Matrix.gemm(a, a, into: &c)
        let cpu = Timing.cpu() - c0
        return (Timing.wall() - w0, cpu, 2 * Double(a.rows) * Double(a.rows) * Double(a.rows) / cpu / 1e9)
    }

    /// Plain dgemm at one product site's shape and transposes, on contiguous buffers allocated
    /// once, as many calls as the MLP made: (CPU seconds, FLOPs).
    func sameShapeDGEMM(_ s: MLPProductProfile.Site, _ a: Matrix, _ b: Matrix, _ c: inout Matrix) throws -> (
        cpu: Double, flops: Double
    ) {
        let c0 = Timing.cpu()
        for _ in 0..<s.calls { try Matrix.gemm(a, transposeA: s.transposeA, b, transposeB: s.transposeB, into: &c) }
        return (Timing.cpu() - c0, 2 * Double(s.m) * Double(s.n) * Double(s.k) * Double(s.calls))
    }

    /// The GEMM-efficiency check. Each round: one dgemm 2000³, one MLP epoch with its products
    /// timed in place, and plain dgemm at each product's shape; one warm-up round, then `rounds`
    /// rounds, best rate of each. Returns the best dgemm 2000³ rate.
    func gemmComparison(_ x: Matrix, _ y: [Int], k: Int) throws -> Double {
        var rng = SeededRandom(seed: 7)
        var sq = Matrix(rows: 2000, cols: 2000)
        for i in sq.data.indices { sq.data[i] = rng.uniform(-1, 1) }
        var sqOut = Matrix(rows: 2000, cols: 2000)
        let epoch = MLP.Parameters(
            hiddenLayers: [Self.hidden], alpha: 1e-4, learningRate: 1e-3, batchSize: Self.batch, maxEpochs: 1,
            earlyStopping: false)
        var bestSquare = (wall: Double.infinity, cpu: Double.infinity, rate: 0.0)
        var bestSite: [String: Double] = [:]
        var bestRef: [String: Double] = [:]
        var bestBound = 0.0
        var bestBoundRef = 0.0
        var ratios: [Double] = []
        var ratiosSquare: [Double] = []
        var sites: [MLPProductProfile.Site] = []
        var operands: [String: (Matrix, Matrix, Matrix)] = [:]
        // GEMM-bound: every dimension ≥ 64 (the first layer's forward product and weight gradient at batch 1024).
        func bound(_ s: MLPProductProfile.Site) -> Bool { min(s.m, s.n, s.k) >= 64 }
        for round in 0...rounds {
            let sqr = try squareDGEMM(sq, &sqOut)
            let profile = try MLP.fitProfilingProducts(x, y, classCount: k, parameters: epoch, seed: 0).products
            if sites.isEmpty {
                sites = profile.sites
                for s in sites {
                    var a = Matrix(rows: s.transposeA ? s.k : s.m, cols: s.transposeA ? s.m : s.k)
                    var b = Matrix(rows: s.transposeB ? s.n : s.k, cols: s.transposeB ? s.k : s.n)
                    for i in a.data.indices { a.data[i] = rng.uniform(-1, 1) }
                    for i in b.data.indices { b.data[i] = rng.uniform(-1, 1) }
                    operands[s.name] = (a, b, Matrix(rows: s.m, cols: s.n))
                }
            }
            var refCPU = 0.0
            var refFlops = 0.0
            var refRates: [String: Double] = [:]
            for s in sites {
                var (a, b, c) = operands[s.name]!
                let r = try sameShapeDGEMM(s, a, b, &c)
                operands[s.name] = (a, b, c)
                refRates[s.name] = r.flops / r.cpu / 1e9
                if bound(s) {
                    refCPU += r.cpu
                    refFlops += r.flops
                }
            }
            guard round > 0 else { continue }  // warm-up
            if sqr.rate > bestSquare.rate { bestSquare = sqr }
            for s in profile.sites {
                bestSite[s.name] = max(bestSite[s.name] ?? 0, s.flops / s.seconds / 1e9)
                bestRef[s.name] = max(bestRef[s.name] ?? 0, refRates[s.name] ?? 0)
            }
            let gb = profile.sites.filter(bound)
            let boundRate = gb.map(\.flops).reduce(0, +) / gb.map(\.seconds).reduce(0, +) / 1e9
            let boundRef = refFlops / refCPU / 1e9
            bestBound = max(bestBound, boundRate)
            bestBoundRef = max(bestBoundRef, boundRef)
            ratios.append(boundRate / boundRef)
            ratiosSquare.append(boundRate / sqr.rate)
        }
        let peak = bestSquare.rate
        print(
            Timing.row([
                "dgemm 2000³ (best of \(rounds), interleaved)", "OpenBLAS, 1 thread", Timing.fmt(bestSquare.wall),
                Timing.fmt(bestSquare.cpu), "\(Timing.fmt(peak, 1)) GFLOP/s per CPU second",
            ]))
        for s in sites {
            let shape =
                "\(s.m)×\(s.k)·\(s.k)×\(s.n)\(s.transposeA ? " (Aᵀ)" : "")\(s.transposeB ? " (Bᵀ)" : ""), "
                + "\(s.calls) calls/epoch"
            let mine = bestSite[s.name] ?? 0
            let ref = bestRef[s.name] ?? 0
            print(
                Timing.row([
                    "MLP product \(s.name), \(shape)\(bound(s) ? ", GEMM-bound" : "")",
                    "AffectWorkbench MLP (in place) vs plain dgemm, same shape", "", "",
                    "\(Timing.fmt(mine, 1)) vs \(Timing.fmt(ref, 1)) GFLOP/s per CPU second = "
                        + "\(Timing.fmt(100 * mine / ref, 0)) % of same-shape dgemm; "
                        + "\(Timing.fmt(100 * mine / peak, 0)) % / \(Timing.fmt(100 * ref / peak, 0)) % of dgemm 2000³",
                ]))
        }
        func spread(_ r: [Double]) -> String {
            let s = r.sorted()
            return "per round min \(Timing.fmt(100 * s.first!, 0)) %, median \(Timing.fmt(100 * s[s.count / 2], 0)) %, "
                + "max \(Timing.fmt(100 * s.last!, 0)) %"
        }
        print(
            Timing.row([
                "MLP GEMM-bound steps (first-layer forward W1ᵀ·X_bᵀ + weight gradient Δ1ᵀ·X_b), one epoch, best of \(rounds)",
                "AffectWorkbench MLP (in place) vs plain dgemm, same shapes", "", "",
                "\(Timing.fmt(bestBound, 1)) vs \(Timing.fmt(bestBoundRef, 1)) GFLOP/s per CPU second = "
                    + "\(Timing.fmt(100 * bestBound / bestBoundRef, 0)) % of the same-shape dgemm rate (\(spread(ratios))); "
                    + "\(Timing.fmt(100 * bestBound / peak, 0)) % of dgemm 2000³ (\(spread(ratiosSquare)))",
            ]))
        return peak
    }

    /// Logistic regression, same objective and stopping rule as scikit-learn lbfgs; with the
    /// evaluation count (passes over X) and the streaming-read bound for one pass.
    func logisticRegression(_ x: Matrix, _ y: [Int], k: Int) throws {
        // One streaming read of X (ddot of X with itself): the memory-bandwidth bound of a pass.
        var sink = 0.0
        let tr = try Timing.best(repeats: 3) { sink += try Matrix.dot(x.data, x.data) }
        let bytes = Double(x.data.count * 8)
        print(
            Timing.row([
                "one streaming read of X (\(rows) × \(features) float64, ddot)", "OpenBLAS, 1 thread",
                Timing.fmt(tr.wall), Timing.fmt(tr.cpu), "\(Timing.fmt(bytes / tr.cpu / 1e9, 1)) GB/s per CPU second",
            ]))
        // Default solver (Gram preconditioner + discriminant start), then without the start: the
        // start is close to the optimum on Gaussian classes like these, so both are reported.
        for start in [true, false] {
            var lr: LogisticModel?
            let params = LogisticRegression.Parameters(
                C: 1, tol: tol, maxIter: maxIter, newtonPolish: false, discriminantStart: start)
            let tl = try Timing.best(repeats: lrRepeats) {
                lr = try LogisticRegression.fit(x, y, classCount: k, parameters: params)
            }
            let m = lr!
            let acc = ClassificationMetrics.accuracy(y, ClassificationMetrics.argmax(try m.predictProbabilities(x)))
            print(
                Timing.row([
                    "logistic regression \(rows) × \(features), 4 classes, C=1, tol \(tol)",
                    "AffectWorkbench (L-BFGS, dgemm; \(start ? "discriminant start" : "zero start"))",
                    Timing.fmt(tl.wall), Timing.fmt(tl.cpu),
                    "iterations \(m.iterations), passes over X \(m.evaluations) "
                        + "(\(Timing.fmt(1000 * tl.cpu / Double(m.evaluations), 1)) ms CPU per pass incl. setup; "
                        + "one streaming read \(Timing.fmt(1000 * tr.cpu, 1)) ms), "
                        + "objective \(String(format: "%.12f", m.objective)), "
                        + "max|∇f| \(String(format: "%.2e", m.gradientMaxAbs)), train acc \(Timing.fmt(acc))",
                ]))
        }
        if sink.isNaN { print("unreachable") }
    }

    /// MLP: 128 hidden, Adam, 10 epochs, batch 1024, no early stopping (best of 2 after a warm-up).
    func mlp(_ x: Matrix, _ y: [Int], k: Int, peak: Double?) throws {
        var model: MLPModel?
        let mp = MLP.Parameters(
            hiddenLayers: [Self.hidden], alpha: 1e-4, learningRate: 1e-3, batchSize: Self.batch, maxEpochs: 10,
            earlyStopping: false)
        let tm = try Timing.best(repeats: 2) { model = try MLP.fit(x, y, classCount: k, parameters: mp, seed: 0) }
        let acc = ClassificationMetrics.accuracy(y, ClassificationMetrics.argmax(try model!.predictProbabilities(x)))
        let h = Double(Self.hidden)
        let n = Double(rows)
        let d = Double(features)
        // GEMM FLOPs per epoch: forward 2n(dh + hK), backward ∇W1 2ndh, ∇W2 2nhK, Δ1 2nKh.
        let flopsEpoch = n * (4 * d * h + 6 * h * Double(k))
        let overall = 10 * flopsEpoch / tm.cpu / 1e9
        print(
            Timing.row([
                "MLP 128 hidden, 10 epochs, batch 1024", "AffectWorkbench (Adam, dgemm)", Timing.fmt(tm.wall),
                Timing.fmt(tm.cpu),
                "final train loss \(String(format: "%.6f", model!.finalTrainLoss)), train acc \(Timing.fmt(acc)), "
                    + "\(Timing.fmt(overall, 1)) GFLOP/s per CPU second overall"
                    + (peak.map { " = \(Timing.fmt(100 * overall / $0, 0)) % of dgemm 2000³" } ?? ""),
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
