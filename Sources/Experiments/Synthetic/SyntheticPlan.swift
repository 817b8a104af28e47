import Foundation
import SignalCore

/// The four classes of the synthetic corpus: arousal low/high × valence negative/positive.
///
/// Planted state per segment: arousal drawn uniformly from [0.05, 0.40] (low) or [0.60, 0.95]
/// (high); valence from [−0.90, −0.30] (negative) or [0.30, 0.90] (positive); both rounded to
/// 3 decimals (the manifest and truth.csv carry the exact planted values).
public enum SyntheticClass: String, CaseIterable, Sendable, Codable {
    case lowNegative = "low_negative"
    case lowPositive = "low_positive"
    case highNegative = "high_negative"
    case highPositive = "high_positive"

    public var isHighArousal: Bool { self == .highNegative || self == .highPositive }
    public var isPositive: Bool { self == .lowPositive || self == .highPositive }

    static let arousalLow: ClosedRange<Double> = 0.05...0.40
    static let arousalHigh: ClosedRange<Double> = 0.60...0.95
    static let valenceNegative: ClosedRange<Double> = -0.90 ... -0.30
    static let valencePositive: ClosedRange<Double> = 0.30...0.90
}

/// Random-stream labels: every subject, recording and modality draws from its own
/// `SeededRandom.derived` stream, so changing one part never shifts another's numbers.
enum StreamID {
    static func conditions(factor: Int) -> UInt64 { 50 + UInt64(factor) }
    static func subject(_ i: Int) -> UInt64 { 1_000 + UInt64(i) }
    static func recording(_ r: Int, part: Int) -> UInt64 { 100_000 + UInt64(r) * 16 + UInt64(part) }
}

/// A subject's fixed traits.
struct SubjectPlan: Sendable {
    let id: String
    let index: Int
    let groupName: String
    /// Group landmark noise SD (IOD units).
    let landmarkNoiseIOD: Double
    let f0BaseHz: Double
    /// Vocal-tract scale: formant frequencies × this (shorter tract → higher formants).
    let formantScale: Double
    let restingHRBpm: Double
    let expressivity: Double
    let reactivity: Double
    /// Tonic skin conductance (µS).
    let edaTonicUS: Double
    /// Pulse transit time ECG R → PPG foot at rest (s).
    let pttS: Double
    /// Face scale (pixels per inter-ocular distance).
    let faceScalePx: Double
    /// Per-landmark identity offsets (IOD units), x then y, 68 each.
    let identityDX: [Double]
    let identityDY: [Double]
}

/// One labelled segment.
struct SegmentPlan: Sendable {
    let index: Int
    let startMs: Int
    let endMs: Int
    let label: SyntheticClass
    let arousal: Double
    let valence: Double
    var start: Double { Double(startMs) / 1000 }
    var end: Double { Double(endMs) / 1000 }
}

/// One recording: who, when, under which conditions, with which segments.
struct RecordingPlan: Sendable {
    let id: String
    let index: Int
    let subject: SubjectPlan
    let session: Int
    /// (factor, level name) in `SyntheticConditions.factorNames` order.
    let conditions: [(String, String)]
    /// SNR in dB, nil = clean.
    let snrDb: Double?
    let lighting: LightingLevel
    let missing: [String]
    let motionPerMin: Double
    /// F0 offset of this session (semitones).
    let sessionF0Semitones: Double
    let durationMs: Int
    let segments: [SegmentPlan]
    var duration: Double { Double(durationMs) / 1000 }

    /// Planted state (arousal, valence) at time `t` (s): the segment's values inside a segment,
    /// linear between neighbouring segments across a gap, held before the first and after the last.
    func state(at t: Double) -> (arousal: Double, valence: Double) {
        guard let first = segments.first, let last = segments.last else { return (0.5, 0) }
        if t < first.end { return (first.arousal, first.valence) }
        if t >= last.start { return (last.arousal, last.valence) }
        for k in 0..<(segments.count - 1) {
            let a = segments[k]
            let b = segments[k + 1]
            if t < a.end { return (a.arousal, a.valence) }
            if t < b.start {
                let w = (t - a.end) / max(1e-9, b.start - a.end)
                return (a.arousal + w * (b.arousal - a.arousal), a.valence + w * (b.valence - a.valence))
            }
        }
        return (last.arousal, last.valence)
    }

    /// Index of the segment containing `t`, or nil in rest periods.
    func segmentIndex(at t: Double) -> Int? {
        segments.firstIndex { t >= $0.start && t < $0.end }
    }
}

/// Linear interpolation between the values at arousal 0 and 1.
@inline(__always) func lerp(_ pair: [Double], _ a: Double) -> Double { pair[0] + (pair[1] - pair[0]) * a }

/// Builds the subjects and recordings of a corpus from a validated config and a seed.
enum SyntheticPlanner {
    static func plan(_ config: SyntheticCorpusConfig, seed: UInt64) -> [RecordingPlan] {
        let subjects = makeSubjects(config, seed: seed)
        let nRec = subjects.count * config.sessions
        // Conditions: each factor's levels dealt by weight, balanced across groups and across the
        // factors dealt before it (see `balancedDeal`).
        var assignments: [[Int]] = []
        let groupOfRecording = (0..<nRec).map { r in
            config.groups.levels.firstIndex { $0.name == subjects[r / config.sessions].groupName } ?? 0
        }
        for (f, (_, levels)) in config.conditions.factors.enumerated() {
            var g = SeededRandom.derived(seed: seed, stream: StreamID.conditions(factor: f))
            let strata = (0..<nRec).map { r in [groupOfRecording[r]] + assignments.map { $0[r] } }
            assignments.append(
                balancedDeal(strata: strata, counts: allot(total: nRec, shares: levels.map(\.1)), using: &g))
        }
        var plans: [RecordingPlan] = []
        for subject in subjects {
            for session in 1...config.sessions {
                let r = plans.count
                var g = SeededRandom.derived(seed: seed, stream: StreamID.recording(r, part: 0))
                let conds = config.conditions
                let snrLevel = conds.audioSNR[assignments[0][r]]
                let light = conds.lighting[assignments[1][r]]
                let sensor = conds.sensor[assignments[2][r]]
                let motion = conds.motion[assignments[3][r]]
                let snr = snrLevel.snrDb.map { g.uniform($0[0], $0[1]) }
                // Segments: classes cycle through fresh shuffles of the four classes.
                var labels: [SyntheticClass] = []
                while labels.count < config.segments.perRecording {
                    var block = SyntheticClass.allCases
                    block.shuffle(using: &g)
                    labels += block
                }
                var t = Int((config.segments.leadS * 1000).rounded())
                let gap = Int((config.segments.gapS * 1000).rounded())
                var segs: [SegmentPlan] = []
                for k in 0..<config.segments.perRecording {
                    let d = config.segments.durationS
                    let durMs = Int((g.uniform(d[0], d[1]) * 10).rounded()) * 100
                    let label = labels[k]
                    let ar = label.isHighArousal ? SyntheticClass.arousalHigh : SyntheticClass.arousalLow
                    let vr = label.isPositive ? SyntheticClass.valencePositive : SyntheticClass.valenceNegative
                    let a = (g.uniform(ar.lowerBound, ar.upperBound) * 1000).rounded() / 1000
                    let v = (g.uniform(vr.lowerBound, vr.upperBound) * 1000).rounded() / 1000
                    segs.append(
                        SegmentPlan(index: k, startMs: t, endMs: t + durMs, label: label, arousal: a, valence: v))
                    t += durMs + gap
                }
                let sessionOffset = g.normal(mean: 0, sd: 0.3)
                plans.append(
                    RecordingPlan(
                        id: "\(subject.id)_r\(session)", index: r, subject: subject, session: session,
                        conditions: [
                            ("audio_snr", snrLevel.name), ("lighting", light.name), ("sensor", sensor.name),
                            ("motion", motion.name),
                        ],
                        snrDb: snr, lighting: light, missing: sensor.missing, motionPerMin: motion.artefactsPerMin,
                        sessionF0Semitones: sessionOffset, durationMs: t, segments: segs))
            }
        }
        return plans
    }

    static func makeSubjects(_ config: SyntheticCorpusConfig, seed: UInt64) -> [SubjectPlan] {
        let counts = allot(total: config.subjects, shares: config.groups.levels.map(\.share))
        var groupOf: [Int] = []
        for (gi, n) in counts.enumerated() { groupOf += [Int](repeating: gi, count: n) }
        let e = config.effects
        let width = config.subjects >= 100 ? 3 : 2
        return (0..<config.subjects).map { i in
            var g = SeededRandom.derived(seed: seed, stream: StreamID.subject(i))
            let group = config.groups.levels[groupOf[i]]
            let f0 = g.uniform(group.f0BaselineHz[0], group.f0BaselineHz[1])
            // Vocal tract scale follows the baseline F0 loosely (higher voices, shorter tracts).
            let fscale = pow(f0 / 120, 0.25) * g.uniform(0.97, 1.03)
            var dx = [Double](repeating: 0, count: 68)
            var dy = [Double](repeating: 0, count: 68)
            for k in 0..<68 {
                dx[k] = g.normal(mean: 0, sd: 0.012)
                dy[k] = g.normal(mean: 0, sd: 0.012)
            }
            let id = "s" + String(repeating: "0", count: max(0, width - String(i + 1).count)) + String(i + 1)
            return SubjectPlan(
                id: id, index: i, groupName: group.name, landmarkNoiseIOD: group.landmarkNoiseIOD, f0BaseHz: f0,
                formantScale: fscale,
                restingHRBpm: g.uniform(e.heartRateBaselineBpm[0], e.heartRateBaselineBpm[1]),
                expressivity: g.uniform(e.expressivity[0], e.expressivity[1]),
                reactivity: g.uniform(e.reactivity[0], e.reactivity[1]),
                edaTonicUS: g.uniform(2, 8), pttS: g.uniform(0.20, 0.28), faceScalePx: g.uniform(85, 115),
                identityDX: dx, identityDY: dy)
        }
    }

    /// Deals levels to items so that every level gets, as far as the counts allow, the same share of
    /// every value of every stratum variable (marginal balance by minimisation: Taves 1974; Pocock &
    /// Simon 1975). `strata[r]` = (group, levels of the factors dealt before) of item r; `counts[l]`
    /// = how many items get level l (sum n), share p_l = counts[l]/n. Items are visited in a seeded
    /// random order; item r gets, among the levels not yet full, the level l minimising the summed
    /// excess Σ_k (m_{k,l} + 1 − p_l·(N_k + 1)), where N_k is the number of items already dealt
    /// with the same value as r on stratum variable k and m_{k,l} how many of them got l; ties go to
    /// the level furthest behind its overall quota, then the earlier level. So each SNR level gets
    /// the same share of group-B recordings, each lighting level the same share of every SNR level
    /// and of each group, each sensor level the same share of each lighting level, and so on, to
    /// within about one item. (Version 2 dealt along the lexicographically sorted strata; that
    /// balanced the first variables only, and sensor dropout fell on 0/3 to 6/0 good/poor-lighting
    /// recordings depending on the corpus size.)
    static func balancedDeal(strata: [[Int]], counts: [Int], using g: inout SeededRandom) -> [Int] {
        let n = strata.count
        let order = (0..<n).map { ($0, g.uniform()) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
        let shares = counts.map { Double($0) / Double(max(n, 1)) }
        // tallies[k][value][level]
        let nVars = strata.first?.count ?? 0
        var tallies = (0..<nVars).map { k in
            [[Int]](repeating: [Int](repeating: 0, count: counts.count), count: (strata.map { $0[k] }.max() ?? 0) + 1)
        }
        var dealt = [Int](repeating: 0, count: counts.count)
        var out = [Int](repeating: 0, count: n)
        for (j, item) in order.enumerated() {
            var best = -1
            var bestScore = Double.infinity
            var bestDeficit = -Double.infinity
            for l in counts.indices where dealt[l] < counts[l] {
                var score = 0.0
                for k in 0..<nVars {
                    let cell = tallies[k][strata[item][k]]
                    let nk = cell.reduce(0, +)
                    score += Double(cell[l] + 1) - shares[l] * Double(nk + 1)
                }
                let deficit = Double(counts[l]) * Double(j + 1) / Double(n) - Double(dealt[l])
                if score < bestScore - 1e-9 || (abs(score - bestScore) <= 1e-9 && deficit > bestDeficit + 1e-12) {
                    best = l
                    bestScore = score
                    bestDeficit = deficit
                }
            }
            out[item] = best
            dealt[best] += 1
            for k in 0..<nVars { tallies[k][strata[item][k]][best] += 1 }
        }
        return out
    }

    /// Splits `total` items in proportion to `shares` (largest remainder; ties to the earlier entry).
    static func allot(total: Int, shares: [Double]) -> [Int] {
        let sum = shares.reduce(0, +)
        let exact = shares.map { Double(total) * $0 / sum }
        var counts = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted {
            (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1)
        }
        var left = total - counts.reduce(0, +)
        var k = 0
        while left > 0 {
            counts[order[k % order.count]] += 1
            left -= 1
            k += 1
        }
        return counts
    }
}
