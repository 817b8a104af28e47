/// Scores sorted ascending with a 0/1 outcome carried along, stable (equal scores keep input
/// order): the one sort of the headline path, serving equal-mass bins and the AURC. Internal.
///
/// Scores in [0, 1] are bucket-sorted (n buckets ⌊s·n⌋, monotone in s): a counting pass, a
/// stable scatter of the scores and outcomes themselves (so the rest works on contiguous
/// memory, no index indirection), then each bucket sorted in place — insertion sort up to 32
/// members, otherwise a sort of (score, position) pairs. Other scores use a comparison sort of
/// (score, index). Same order as `SortOrder.ascending`.
struct SortedScores {
    private(set) var scores: [Double]
    private(set) var outcomes: [UInt8]

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
        let nb = n
        let scale = Double(nb)
        var start = [Int32](repeating: 0, count: nb + 1)
        var s = [Double](repeating: 0, count: n)
        var f = [UInt8](repeating: 0, count: n)
        start.withUnsafeMutableBufferPointer { st in
            for i in 0..<n {
                let b = Int(x[i] * scale)
                st[(b < nb ? b : nb &- 1) &+ 1] &+= 1
            }
            for b in 0..<nb { st[b &+ 1] &+= st[b] }
            var pos = Array(st[0..<nb])
            s.withUnsafeMutableBufferPointer { sv in
                f.withUnsafeMutableBufferPointer { fv in
                    pos.withUnsafeMutableBufferPointer { p in
                        for i in 0..<n {
                            let b0 = Int(x[i] * scale)
                            let b = b0 < nb ? b0 : nb &- 1
                            let at = Int(p[b])
                            sv[at] = x[i]
                            fv[at] = o[i]
                            p[b] &+= 1
                        }
                    }
                    for b in 0..<nb {
                        let lo = Int(st[b])
                        let hi = Int(st[b &+ 1])
                        if hi &- lo < 2 { continue }
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
                        } else {
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
                    }
                }
            }
        }
        scores = s
        outcomes = f
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
