/// Equal-mass (numpy `array_split`) range sums without a full sort, for large n.
///
/// Scores in [0, 1] are histogrammed into B monotone buckets (⌊s·B⌋) with per-bucket count and
/// sums; only the buckets that contain a range boundary are gathered and sorted by (score, row),
/// which gives exactly the ranges of a stable sort. Sums are accumulated per bucket, so the last
/// digits can differ from sequential summation (≤ 1e-15 relative). Internal.
struct EqualMassSelection {
    static let buckets = 4096
    var count: [Int32]
    var sumScore: [Double]
    var sumOutcome: [Double]

    init() {
        count = [Int32](repeating: 0, count: Self.buckets)
        sumScore = [Double](repeating: 0, count: Self.buckets)
        sumOutcome = [Double](repeating: 0, count: Self.buckets)
    }

    @inline(__always) static func bucket(_ s: Double) -> Int { min(Int(s * Double(buckets)), buckets - 1) }

    /// Range sizes of numpy array_split(n, r).
    static func sizes(_ n: Int, _ r: Int) -> [Int] { (0..<r).map { n / r + ($0 < n % r ? 1 : 0) } }

    /// Which buckets hold a boundary strictly inside them, for ranges of `sizes`.
    func splitBuckets(_ sizes: [Int]) -> [Bool] {
        var split = [Bool](repeating: false, count: Self.buckets)
        var boundaries: [Int] = []
        var acc = 0
        for s in sizes.dropLast() {
            acc += s
            boundaries.append(acc)
        }
        var start = 0
        var bi = 0
        for b in 0..<Self.buckets {
            let end = start + Int(count[b])
            while bi < boundaries.count && boundaries[bi] <= start { bi += 1 }
            if bi < boundaries.count && boundaries[bi] > start && boundaries[bi] < end { split[b] = true }
            start = end
        }
        return split
    }

    /// Per-range count, score sum and outcome sum, given the members of every split bucket as
    /// (score, row, outcome), in any order.
    func ranges(sizes: [Int], split: [Bool], members: [(Double, Int32, Double)]) -> (
        counts: [Int], sumScore: [Double], sumOutcome: [Double]
    ) {
        var byBucket: [Int: [(Double, Int32, Double)]] = [:]
        for m in members { byBucket[Self.bucket(m.0), default: []].append(m) }
        var cnt = [Int](repeating: 0, count: sizes.count)
        var ss = [Double](repeating: 0, count: sizes.count)
        var so = [Double](repeating: 0, count: sizes.count)
        var r = 0
        var filled = 0
        func advance() {
            while r < sizes.count - 1 && filled == sizes[r] {
                r += 1
                filled = 0
            }
        }
        for b in 0..<Self.buckets where count[b] > 0 {
            advance()
            if !split[b] {
                cnt[r] += Int(count[b])
                ss[r] += sumScore[b]
                so[r] += sumOutcome[b]
                filled += Int(count[b])
            } else {
                let sorted = (byBucket[b] ?? []).sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                for m in sorted {
                    advance()
                    cnt[r] += 1
                    ss[r] += m.0
                    so[r] += m.2
                    filled += 1
                }
            }
        }
        return (cnt, ss, so)
    }
}
