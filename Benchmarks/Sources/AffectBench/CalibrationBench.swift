import ArgumentParser
import Calibration
import Foundation
import SignalCore

/// `affect-bench calibration [--n 1000000] [--classes 4]`: headline calibration metrics on n
/// synthetic predictions × K classes (softmax of N(0, 2²) logits, labels drawn from a tempered
/// version so the set is overconfident; SeededRandom seed 1), one core. Prints one row per
/// measurement; the anchor `anchors/calibration.py` times numpy on the same generator recipe.
struct CalibrationBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibration", abstract: "ECE alone, the headline metric set, and the full report.")

    @Option(help: "Number of predictions.") var n = 1_000_000
    @Option(help: "Number of classes.") var classes = 4
    @Option(help: "Repeats (best of).") var repeats = 5
    @Flag(help: "Skip the full 30-metric report (ECE and headline only).") var noReport = false

    func run() throws {
        let k = classes
        var rng = SeededRandom(seed: 1)
        var probs = [Double](repeating: 0, count: n * k)
        var labels = [Int](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: k)
        for i in 0..<n {
            var mx = -Double.infinity
            for j in 0..<k {
                z[j] = 2 * rng.normal()
                mx = max(mx, z[j])
            }
            var s = 0.0
            var st = 0.0
            var tempered = [Double](repeating: 0, count: k)
            for j in 0..<k {
                probs[i * k + j] = exp(z[j] - mx)
                s += probs[i * k + j]
                tempered[j] = exp((z[j] - mx) / 2)
                st += tempered[j]
            }
            for j in 0..<k { probs[i * k + j] /= s }
            var u = rng.uniform() * st
            var y = k - 1
            for j in 0..<k {
                u -= tempered[j]
                if u < 0 {
                    y = j
                    break
                }
            }
            labels[i] = y
        }
        let p = try Predictions(probabilities: probs, classCount: k, labels: labels)
        var sink = 0.0
        let ece = Timing.best(repeats: repeats) { sink += CalibrationMetrics.topLabelECE(p, bins: 15) }
        var headline: [Metric] = []
        let head = try Timing.best(repeats: repeats) { headline = try CalibrationMetrics.headline(p) }
        var full: CalibrationReport? = nil
        let all =
            noReport
            ? (wall: Double.nan, cpu: Double.nan)
            : try Timing.best(repeats: max(1, repeats / 2)) { full = try CalibrationMetrics.report(p) }
        print(Timing.row(["case", "n x K", "wall ms", "cpu ms", "value"]))
        print(Timing.row(["---", "---", "---", "---", "---"]))
        let shape = "\(n) x \(k)"
        print(
            Timing.row([
                "ECE (15 bins, top-label)", shape, Timing.fmt(ece.wall * 1000, 2), Timing.fmt(ece.cpu * 1000, 2),
                "\(sink / Double(repeats + 1))",
            ]))
        print(
            Timing.row([
                "headline: " + headline.map(\.name).joined(separator: ", "), shape, Timing.fmt(head.wall * 1000, 2),
                Timing.fmt(head.cpu * 1000, 2), headline.map { Timing.fmt($0.value, 6) }.joined(separator: " "),
            ]))
        print(
            Timing.row([
                "full report (\(full?.metrics.count ?? 0) metrics incl. smECE, L2, Cox n/a)", shape,
                Timing.fmt(all.wall * 1000, 2), Timing.fmt(all.cpu * 1000, 2), "-",
            ]))
        print("peak RSS \(Timing.fmt(Timing.peakRSSMiB(), 1)) MiB")
    }
}
