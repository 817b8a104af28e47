import Calibration
import Testing

@testable import Experiments

/// The runner's `ece` uses the config's `calibration.bins` (the reliability diagrams' bins), so the
/// ECE in metrics.json and in a diagram's title agree.
@Suite struct MetricRegistryTests {
    @Test func eceUsesTheRequestedBins() throws {
        // 40 binary predictions whose confidences spread over [0.5, 1): ECE depends on the bins.
        var p: [[Double]] = []
        var y: [Int] = []
        for i in 0..<40 {
            let c = 0.5 + Double(i) / 80
            p.append([c, 1 - c])
            y.append(i % 3 == 0 ? 1 : 0)
        }
        let eceTen = try #require(MetricRegistry.metric("ece", eceBins: 10))
        let eceFifteen = try #require(MetricRegistry.metric("ece", eceBins: 15))
        let eceDefault = try #require(MetricRegistry.metric("ece"))
        let ten = eceTen(p, y, 2)
        let fifteen = eceFifteen(p, y, 2)
        let defaultBins = eceDefault(p, y, 2)
        let predictions = try Predictions(
            probabilities: p.flatMap { $0 }, classCount: 2, labels: y, source: "test",
            validation: .init(sumTolerance: 1e-6, renormalise: false, requireTwoClasses: false))
        let top = predictions.topLabel()
        let direct = Reliability.equalWidth(scores: top.confidence, outcomes: top.correct, bins: 10).ece
        #expect(ten == direct)
        #expect(defaultBins == fifteen)
        #expect(abs(ten - fifteen) > 1e-6, "10 and 15 bins give \(ten) and \(fifteen)")
    }
}
