/// Stable ascending order of scores (ties keep input order), as `[Int32]` row indices.
///
/// Scores in [0, 1] (probabilities, confidences) use a bucket sort with n buckets (O(n) expected;
/// buckets with more than 32 members are sorted by comparison); anything else falls back to a
/// comparison sort on (value, index). Both give the same order.
enum SortOrder {
    static func ascending(_ x: [Double]) -> [Int32] {
        let n = x.count
        var inUnit = true
        for v in x where !(v >= 0 && v <= 1) {
            inUnit = false
            break
        }
        if n < 64 || !inUnit {
            return (0..<n).sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }.map { Int32($0) }
        }
        let buckets = n
        var start = [Int32](repeating: 0, count: buckets + 1)
        var order = [Int32](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xs in
            start.withUnsafeMutableBufferPointer { st in
                let scale = Double(buckets)
                for i in 0..<n {
                    let b = min(Int(xs[i] * scale), buckets - 1)
                    st[b + 1] &+= 1
                }
                for b in 0..<buckets { st[b + 1] &+= st[b] }
                var pos = Array(st[0..<buckets])
                order.withUnsafeMutableBufferPointer { o in
                    pos.withUnsafeMutableBufferPointer { p in
                        for i in 0..<n {
                            let b = min(Int(xs[i] * scale), buckets - 1)
                            o[Int(p[b])] = Int32(i)
                            p[b] &+= 1
                        }
                    }
                    // Sort inside buckets by value; insertion sort keeps index order on ties.
                    for b in 0..<buckets {
                        let lo = Int(st[b])
                        let hi = Int(st[b + 1])
                        let m = hi - lo
                        if m < 2 { continue }
                        if m <= 32 {
                            for a in (lo + 1)..<hi {
                                let key = o[a]
                                let kv = xs[Int(key)]
                                var j = a - 1
                                while j >= lo && xs[Int(o[j])] > kv {
                                    o[j + 1] = o[j]
                                    j -= 1
                                }
                                o[j + 1] = key
                            }
                        } else {
                            let sorted = o[lo..<hi].sorted {
                                let va = xs[Int($0)]
                                let vb = xs[Int($1)]
                                return va < vb || (va == vb && $0 < $1)
                            }
                            for (k, v) in sorted.enumerated() { o[lo + k] = v }
                        }
                    }
                }
            }
        }
        return order
    }
}
