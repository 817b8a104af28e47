/// Beat-by-beat comparison of detected and reference beat positions.
///
/// A detection matches a reference beat when abs(Δt) ≤ tolerance; candidate pairs are assigned
/// nearest-first, one-to-one (the convention of ../shared/reference/physio). Se = TP/(TP+FN),
/// PPV = TP/(TP+FP), F1 = 2TP/(2TP+FP+FN); offsets are detected − reference of matched pairs.
public struct BeatMatch: Sendable, Equatable {
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int
    /// Offsets of matched pairs in ms (detected − reference), in reference order.
    public var offsetsMs: [Double]

    public var sensitivity: Double { Double(truePositives) / Double(truePositives + falseNegatives) }
    public var ppv: Double { Double(truePositives) / Double(truePositives + falsePositives) }
    public var f1: Double {
        Double(2 * truePositives) / Double(2 * truePositives + falsePositives + falseNegatives)
    }

    /// Matches `detected` against `reference` (sample indices at `sampleRate` Hz).
    public static func compare(detected: [Int], reference: [Int], sampleRate: Double, toleranceMs: Double = 150)
        -> BeatMatch
    {
        let tol = Int((toleranceMs / 1000 * sampleRate).rounded(.down))
        let d = detected.sorted()
        let r = reference.sorted()
        var pairs: [(dist: Int, i: Int, j: Int)] = []
        var lo = 0
        for (j, rv) in r.enumerated() {
            while lo < d.count && d[lo] < rv - tol { lo += 1 }
            var k = lo
            while k < d.count && d[k] <= rv + tol {
                pairs.append((abs(d[k] - rv), k, j))
                k += 1
            }
        }
        pairs.sort { ($0.dist, $0.j, $0.i) < ($1.dist, $1.j, $1.i) }
        var usedD = [Bool](repeating: false, count: d.count)
        var matchOf = [Int?](repeating: nil, count: r.count)
        for p in pairs where !usedD[p.i] && matchOf[p.j] == nil {
            usedD[p.i] = true
            matchOf[p.j] = p.i
        }
        let offsets = r.indices.compactMap { j in matchOf[j].map { Double(d[$0] - r[j]) / sampleRate * 1000 } }
        let tp = offsets.count
        return BeatMatch(
            truePositives: tp, falsePositives: d.count - tp, falseNegatives: r.count - tp, offsetsMs: offsets)
    }
}
