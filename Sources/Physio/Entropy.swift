import Foundation

/// Entropy measures of a series, with NeuroKit2 0.2.13 definitions.
///
/// Templates of dimension m: uᵢ = (xᵢ, …, xᵢ₊ₘ₋₁). Two templates match when their Chebyshev
/// distance maxₖ abs(xᵢ₊ₖ − xⱼ₊ₖ) ≤ r (sklearn `KDTree.query_radius`, inclusive).
/// Pairs are found by sorting templates on their first coordinate and scanning only neighbours
/// within r, so the cost is O(N log N + matches) instead of O(N²).
public enum Entropy {
    /// Sample entropy (Richman & Moorman 2000): SampEn = −ln(A/B), where B counts matching pairs
    /// (i ≠ j, unordered) of m-templates among the first N − m positions and A the pairs among them
    /// that still match at m + 1. NaN when A or B is 0 (NeuroKit2 returns ±inf there).
    public static func sample(_ x: [Double], dimension m: Int, tolerance r: Double) -> Double {
        let n = x.count
        guard m >= 1, n > m + 1, r.isFinite, r >= 0 else { return .nan }
        let (b, a, _, _) = pairCounts(x, dimension: m, tolerance: r, templates: n - m, perTemplate: false)
        guard a > 0, b > 0 else { return .nan }
        return -log(Double(a) / Double(b))
    }

    /// Approximate entropy (Pincus 1991): ApEn = abs(Φᵐ − Φᵐ⁺¹), Φᵐ = mean over the N − m + 1
    /// m-templates of ln(Cᵢᵐ/(N − m + 1)), where Cᵢᵐ counts the templates matching uᵢ (itself
    /// included).
    public static func approximate(_ x: [Double], dimension m: Int, tolerance r: Double) -> Double {
        let n = x.count
        guard m >= 1, n > m + 1, r.isFinite, r >= 0 else { return .nan }
        let (_, _, cm, cm1) = pairCounts(x, dimension: m, tolerance: r, templates: n - m + 1, perTemplate: true)
        let nm = Double(n - m + 1)
        let nm1 = Double(n - m)
        var phi0 = 0.0
        for c in cm { phi0 += log(Double(c + 1) / nm) }
        phi0 /= nm
        var phi1 = 0.0
        for i in 0..<(n - m) { phi1 += log(Double(cm1[i] + 1) / nm1) }
        phi1 /= nm1
        return abs(phi0 - phi1)
    }

    /// Shannon entropy in bits of the empirical distribution of the distinct values of `x`
    /// (NeuroKit2 `entropy_shannon` without symbolisation): −Σ pₖ log₂ pₖ.
    public static func shannon(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        let s = x.sorted()
        let n = Double(s.count)
        var h = 0.0
        var run = 1
        for i in 1...s.count {
            if i < s.count && s[i] == s[i - 1] {
                run += 1
            } else {
                let p = Double(run) / n
                h -= p * log(p)
                run = 1
            }
        }
        return h / log(2.0)
    }

    /// Counts matching template pairs among positions 0..<templates. Returns the number of m-matches
    /// and (m+1)-matches among pairs whose positions are both < N − m, and, if `perTemplate`, the
    /// per-template match counts (self excluded) at m and m + 1.
    static func pairCounts(_ x: [Double], dimension m: Int, tolerance r: Double, templates: Int, perTemplate: Bool)
        -> (Int, Int, [Int], [Int])
    {
        let n = x.count
        let order = (0..<templates).sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        let first = order.map { x[$0] }
        var cm = perTemplate ? [Int](repeating: 0, count: templates) : []
        var cm1 = perTemplate ? [Int](repeating: 0, count: templates) : []
        var b = 0
        var a = 0
        let limit = n - m
        x.withUnsafeBufferPointer { xp in
            for p in 0..<templates {
                let i = order[p]
                let fi = first[p]
                var q = p + 1
                while q < templates && first[q] - fi <= r {
                    let j = order[q]
                    q += 1
                    var ok = true
                    var k = 1
                    while k < m {
                        if abs(xp[i + k] - xp[j + k]) > r {
                            ok = false
                            break
                        }
                        k += 1
                    }
                    guard ok else { continue }
                    let bothExtend = i < limit && j < limit
                    if bothExtend { b += 1 }
                    if perTemplate {
                        cm[i] += 1
                        cm[j] += 1
                    }
                    if bothExtend && abs(xp[i + m] - xp[j + m]) <= r {
                        a += 1
                        if perTemplate {
                            cm1[i] += 1
                            cm1[j] += 1
                        }
                    }
                }
            }
        }
        return (b, a, cm, cm1)
    }
}
