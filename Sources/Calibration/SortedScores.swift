/// Scores sorted ascending with a 0/1 outcome carried along, stable (equal scores keep input
/// order): the one sort of the headline path, serving equal-mass bins and the AURC. Internal.
///
/// Scores in [0, 1] are sorted by a two-level stable bucket sort on monotone keys: 1024
/// buckets ⌊s·1024⌋ (a counting pass and a scatter of the scores and outcomes themselves, so
/// the scatter writes 1024 sequential streams and the rest works on contiguous memory without
/// index indirection), then inside each bucket of m members m sub-buckets
/// ⌊(s·1024 − b)·m⌋ the same way, in cache; sub-buckets are finished by insertion sort (up to 32
/// members) or a sort of (score, position) pairs. Other scores use a comparison sort of
/// (score, index). Same order as `SortOrder.ascending`.
struct SortedScores {
    private(set) var scores: [Double]
    private(set) var outcomes: [UInt8]

    static let topBuckets = 1024

    init(scores x: UnsafeBufferPointer<Double>, outcomes o: UnsafeBufferPointer<UInt8>) {
        let n = x.count
        var inUnit = true
        for v in x where !(v >= 0 && v <= 1) {
            inUnit = false
            break
        }
        if n < 64 || !inUnit {
            let order = (0..<n).sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
            scores = order.map { x[$0] }
            outcomes = order.map { o[$0] }
            return
        }
        let nb = Self.topBuckets
        let scale = Double(nb)
        var tmpS = [Double](repeating: 0, count: n)
        var tmpF = [UInt8](repeating: 0, count: n)
        var s = [Double](repeating: 0, count: n)
        var f = [UInt8](repeating: 0, count: n)
        var start = [Int](repeating: 0, count: nb + 1)
        start.withUnsafeMutableBufferPointer { st in
            tmpS.withUnsafeMutableBufferPointer { ts in
                tmpF.withUnsafeMutableBufferPointer { tf in
                    Self.scatter(
                        count: n, key: { i in Int(x[i] * scale) }, buckets: nb, start: st,
                        move: { i, at in
                            ts[at] = x[i]
                            tf[at] = o[i]
                        })
                    s.withUnsafeMutableBufferPointer { sv in
                        f.withUnsafeMutableBufferPointer { fv in
                            var sub = [Int](repeating: 0, count: 64)
                            for b in 0..<nb {
                                let lo = st[b]
                                let m = st[b &+ 1] &- lo
                                if m == 0 { continue }
                                if m <= 32 {
                                    for r in 0..<m {
                                        sv[lo &+ r] = ts[lo &+ r]
                                        fv[lo &+ r] = tf[lo &+ r]
                                    }
                                    Self.finish(sv, fv, lo, lo &+ m)
                                    continue
                                }
                                if sub.count < m &+ 1 { sub = [Int](repeating: 0, count: m &+ 1) }
                                let base = Double(b)
                                let mscale = Double(m)
                                sub.withUnsafeMutableBufferPointer { sb in
                                    let st2 = UnsafeMutableBufferPointer(rebasing: sb[0...m])
                                    Self.scatter(
                                        count: m, key: { r in Int((ts[lo &+ r] * scale - base) * mscale) }, buckets: m,
                                        start: st2,
                                        move: { r, at in
                                            sv[lo &+ at] = ts[lo &+ r]
                                            fv[lo &+ at] = tf[lo &+ r]
                                        })
                                    for c in 0..<m where st2[c &+ 1] &- st2[c] > 1 {
                                        Self.finish(sv, fv, lo &+ st2[c], lo &+ st2[c &+ 1])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        scores = s
        outcomes = f
    }

    /// Stable counting scatter: `start` (buckets + 1 slots, overwritten) receives the bucket
    /// starts, and `move(i, position)` is called for every item in input order. Keys are clamped
    /// to 0…buckets − 1 (they are monotone in the score, so clamping keeps the order).
    @inline(__always)
    static func scatter(
        count n: Int, key: (Int) -> Int, buckets nb: Int, start st: UnsafeMutableBufferPointer<Int>,
        move: (Int, Int) -> Void
    ) {
        for c in 0...nb { st[c] = 0 }
        for i in 0..<n {
            let k = min(max(key(i), 0), nb &- 1)
            st[k &+ 1] &+= 1
        }
        for c in 0..<nb { st[c &+ 1] &+= st[c] }
        var pos = Array(st[0..<nb])
        pos.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                let k = min(max(key(i), 0), nb &- 1)
                move(i, p[k])
                p[k] &+= 1
            }
        }
    }

    /// Sorts sv[lo..<hi] (with fv alongside) stably: insertion sort up to 32 members, otherwise
    /// a sort of (score, position) pairs.
    static func finish(
        _ sv: UnsafeMutableBufferPointer<Double>, _ fv: UnsafeMutableBufferPointer<UInt8>, _ lo: Int, _ hi: Int
    ) {
        if hi &- lo < 2 { return }
        if hi &- lo <= 32 {
            for a in (lo &+ 1)..<hi {
                let kv = sv[a]
                let kf = fv[a]
                var j = a &- 1
                while j >= lo && sv[j] > kv {
                    sv[j &+ 1] = sv[j]
                    fv[j &+ 1] = fv[j]
                    j &-= 1
                }
                sv[j &+ 1] = kv
                fv[j &+ 1] = kf
            }
            return
        }
        var order = Array(lo..<hi)
        order.sort { (a: Int, b: Int) -> Bool in
            let va = sv[a]
            let vb = sv[b]
            return va < vb || (va == vb && a < b)
        }
        let values = order.map { sv[$0] }
        let flags = order.map { fv[$0] }
        for r in 0..<order.count {
            sv[lo &+ r] = values[r]
            fv[lo &+ r] = flags[r]
        }
    }

    /// Per-range count, Σ score and Σ outcome of consecutive ranges of the given sizes (numpy
    /// `array_split` sizes for equal-mass bins), summed in sorted order.
    func rangeSums(_ sizes: [Int]) -> (counts: [Int], sumScore: [Double], sumOutcome: [Double]) {
        var ss = [Double](repeating: 0, count: sizes.count)
        var so = [Double](repeating: 0, count: sizes.count)
        var lo = 0
        scores.withUnsafeBufferPointer { sv in
            outcomes.withUnsafeBufferPointer { fv in
                for (r, m) in sizes.enumerated() {
                    var a = 0.0
                    var c = 0
                    for i in lo..<(lo + m) {
                        a += sv[i]
                        c &+= Int(fv[i])
                    }
                    ss[r] = a
                    so[r] = Double(c)
                    lo += m
                }
            }
        }
        return (sizes, ss, so)
    }

    /// Area under the risk–coverage curve: rows ranked by descending score, equal scores in
    /// input order; AURC = (1/n) Σ_r (errors among the first r) / r.
    func aurc() -> Double {
        let n = scores.count
        var errors = 0
        var total = 0.0
        var rank = 0
        scores.withUnsafeBufferPointer { sv in
            outcomes.withUnsafeBufferPointer { fv in
                var r = n &- 1
                // Runs of equal scores from the top; inside a run, ascending position = input order.
                while r >= 0 {
                    var s = r
                    while s > 0 && sv[s &- 1] == sv[r] { s &-= 1 }
                    for t in s...r {
                        errors &+= 1 &- Int(fv[t])
                        rank &+= 1
                        total += Double(errors) / Double(rank)
                    }
                    r = s &- 1
                }
            }
        }
        return total / Double(n)
    }
}
