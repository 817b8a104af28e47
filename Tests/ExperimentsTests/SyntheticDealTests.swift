import AffectTestSupport
import Testing

@testable import Experiments

/// Condition dealing: every condition level gets the same share of every group and of every level
/// of the conditions dealt before it, to within about one recording (marginal balance).
@Suite struct SyntheticDealTests {
    @Test(arguments: [8, 10, 12, 14, 16])
    func conditionsBalancedAcrossGroupsAndEarlierConditions(subjects: Int) throws {
        var cfg = try SyntheticCorpusConfig.load(path: TestPaths.project("Datasets/synthetic/default.yaml"))
        cfg.subjects = subjects
        for seed: UInt64 in [20_261_123, 1, 2] {
            let plans = SyntheticPlanner.plan(cfg, seed: seed)
            let n = Double(plans.count)
            // Columns: group, audio_snr, lighting, sensor, motion.
            let cols = plans.map { [$0.subject.groupName] + $0.conditions.map(\.1) }
            var worst = 0.0
            var worstWhat = ""
            for f in 1..<5 {
                let levels = Set(cols.map { $0[f] })
                for l in levels {
                    let share = Double(cols.filter { $0[f] == l }.count) / n
                    for k in 0..<f {
                        for v in Set(cols.map { $0[k] }) {
                            let cell = cols.filter { $0[k] == v }
                            let got = Double(cell.filter { $0[f] == l }.count)
                            let dev = abs(got - share * Double(cell.count))
                            if dev > worst {
                                worst = dev
                                worstWhat = "factor \(f) level \(l) within column \(k) = \(v): \(got) of \(cell.count)"
                            }
                        }
                    }
                }
            }
            // Version 2 (sorted-strata dealing) reached 3.0 (dropout 6/0 good/poor lighting at 14 subjects).
            #expect(worst <= 1.5, "subjects \(subjects) seed \(seed): \(worstWhat)")
        }
    }
}
