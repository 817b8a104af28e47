import Foundation

extension CalibrationMetrics {
    /// Top-label ECE alone, fused into one pass over the n × K probabilities (no intermediate
    /// arrays): the same number as `report(p).value("ece")` for equal-width bins.
    public static func topLabelECE(_ p: Predictions, bins: Int = 15, edges: BinEdgeConvention = .rightClosed) -> Double
    {
        let k = p.classCount
        let n = p.count
        let e = Reliability.equalWidthEdges(bins)
        var cnt = [Int](repeating: 0, count: bins)
        var sc = [Double](repeating: 0, count: bins)
        var so = [Double](repeating: 0, count: bins)
        let right = edges == .rightClosed
        cnt.withUnsafeMutableBufferPointer { cn in
            sc.withUnsafeMutableBufferPointer { scp in
                so.withUnsafeMutableBufferPointer { sop in
                    e.withUnsafeBufferPointer { ep in
                        p.probabilities.withUnsafeBufferPointer { pr in
                            p.labels.withUnsafeBufferPointer { y in
                                for i in 0..<n {
                                    let row = i * k
                                    var best = 0
                                    var bv = pr[row]
                                    for j in 1..<k where pr[row + j] > bv {
                                        bv = pr[row + j]
                                        best = j
                                    }
                                    let b = Reliability.binIndex(bv, edges: ep, rightClosed: right)
                                    cn[b] += 1
                                    scp[b] += bv
                                    sop[b] += best == y[i] ? 1 : 0
                                }
                            }
                        }
                    }
                }
            }
        }
        var ece = 0.0
        for b in 0..<bins where cnt[b] > 0 {
            let c = Double(cnt[b])
            ece += abs(so[b] / c - sc[b] / c) * c / Double(n)
        }
        return ece
    }

    /// The headline set of the issue — accuracy, ECE, adaptive ECE, MCE, classwise ECE, Nixon ACE,
    /// Brier (multiclass sum), NLL, AURC — with the conventions of `report` and its values to
    /// ≤ 1e-15 relative (sums are grouped differently), computed for large n: one pass over the
    /// probabilities feeds every binned metric and the equal-mass histograms, equal-mass ranges
    /// are found without full sorts (`EqualMassSelection`), one sort of the confidences serves
    /// the AURC. Equal-width headline bins only (the default scheme).
    public static func headline(_ p: Predictions, options o: MetricOptions = MetricOptions()) throws(CalibrationError)
        -> [Metric]
    {
        try o.validate()
        guard p.count > 0 else { throw .empty(source: p.source, detail: "no prediction rows") }
        guard o.scheme == .equalWidth else {
            throw .parameter(
                name: "scheme", value: o.scheme.rawValue, expected: "equal_width for the headline fast path")
        }
        let k = p.classCount
        let n = p.count
        let nb = o.bins
        let e = Reliability.equalWidthEdges(nb)
        let right = o.edges == .rightClosed
        var conf = [Double](repeating: 0, count: n)
        var corr = [Double](repeating: 0, count: n)
        var topCnt = [Int](repeating: 0, count: nb)
        var topS = [Double](repeating: 0, count: nb)
        var topO = [Double](repeating: 0, count: nb)
        var clsCnt = [Int](repeating: 0, count: nb * k)
        var clsS = [Double](repeating: 0, count: nb * k)
        var clsO = [Double](repeating: 0, count: nb * k)
        var topHist = EqualMassSelection()
        var clsHist = [EqualMassSelection](repeating: EqualMassSelection(), count: k)
        var brier = 0.0
        var nll = 0.0
        var hits = 0.0
        let eps = o.nllClip
        e.withUnsafeBufferPointer { ep in
            p.probabilities.withUnsafeBufferPointer { pr in
                p.labels.withUnsafeBufferPointer { y in
                    for i in 0..<n {
                        let row = i * k
                        let yi = y[i]
                        var best = 0
                        var bv = pr[row]
                        for j in 0..<k {
                            let v = pr[row + j]
                            if v > bv {
                                bv = v
                                best = j
                            }
                            let hit = j == yi ? 1.0 : 0.0
                            brier += (v - hit) * (v - hit)
                            let b = j * nb + Reliability.binIndex(v, edges: ep, rightClosed: right)
                            clsCnt[b] += 1
                            clsS[b] += v
                            clsO[b] += hit
                            let h = EqualMassSelection.bucket(v)
                            clsHist[j].count[h] += 1
                            clsHist[j].sumScore[h] += v
                            clsHist[j].sumOutcome[h] += hit
                        }
                        var t = pr[row + yi]
                        if eps > 0 { t = min(max(t, eps), 1 - eps) }
                        nll -= log(t)
                        let c = best == yi ? 1.0 : 0.0
                        hits += c
                        conf[i] = bv
                        corr[i] = c
                        let b = Reliability.binIndex(bv, edges: ep, rightClosed: right)
                        topCnt[b] += 1
                        topS[b] += bv
                        topO[b] += c
                        let h = EqualMassSelection.bucket(bv)
                        topHist.count[h] += 1
                        topHist.sumScore[h] += bv
                        topHist.sumOutcome[h] += c
                    }
                }
            }
        }
        let head = Reliability.finish(
            lower: Array(e[0..<nb]), upper: Array(e[1...nb]), counts: topCnt, sumScore: topS, sumOutcome: topO,
            total: n, scheme: .equalWidth)
        var classwise = 0.0
        for j in 0..<k {
            let r = j * nb..<(j + 1) * nb
            classwise +=
                Reliability.finish(
                    lower: [], upper: [], counts: Array(clsCnt[r]), sumScore: Array(clsS[r]),
                    sumOutcome: Array(clsO[r]),
                    total: n, scheme: .equalWidth
                ).ece
        }
        classwise /= Double(k)
        // Equal-mass ranges: top-label adaptive ECE and Nixon ACE.
        let topSizes = EqualMassSelection.sizes(n, o.adaptiveBins)
        let topSplit = topHist.splitBuckets(topSizes)
        var topMembers: [(Double, Int32, Double)] = []
        for i in 0..<n where topSplit[EqualMassSelection.bucket(conf[i])] {
            topMembers.append((conf[i], Int32(i), corr[i]))
        }
        let tr = topHist.ranges(sizes: topSizes, split: topSplit, members: topMembers)
        let mass = Reliability.finish(
            lower: [], upper: [], counts: tr.counts, sumScore: tr.sumScore, sumOutcome: tr.sumOutcome, total: n,
            scheme: .equalMass)
        let aceSizes = EqualMassSelection.sizes(n, o.aceRanges)
        var ace = 0.0
        var members = [[(Double, Int32, Double)]](repeating: [], count: k)
        let splits = clsHist.map { $0.splitBuckets(aceSizes) }
        p.probabilities.withUnsafeBufferPointer { pr in
            for i in 0..<n {
                for j in 0..<k {
                    let v = pr[i * k + j]
                    if splits[j][EqualMassSelection.bucket(v)] {
                        members[j].append((v, Int32(i), p.labels[i] == j ? 1 : 0))
                    }
                }
            }
        }
        for j in 0..<k {
            let r = clsHist[j].ranges(sizes: aceSizes, split: splits[j], members: members[j])
            for b in r.counts.indices where r.counts[b] > 0 {
                let c = Double(r.counts[b])
                ace += abs(r.sumOutcome[b] / c - r.sumScore[b] / c)
            }
        }
        ace /= Double(k * o.aceRanges)
        let order = SortOrder.ascending(conf)
        let names = ["accuracy", "ece", "ece_adaptive", "mce", "ece_classwise", "ace_nixon", "brier", "nll", "aurc"]
        let values = [
            hits / Double(n), head.ece, mass.ece, head.mce, classwise, ace, brier / Double(n), nll / Double(n),
            RiskCoverage.aurc(confidence: conf, correct: corr, ascending: order),
        ]
        let conventions = try report(
            p.subset([0]), options: MetricOptions(bins: o.bins, scheme: o.scheme, edges: o.edges, smoothECE: false))
        return names.indices.map { i in
            Metric(
                name: names[i], value: values[i],
                convention: conventions.metrics.first { $0.name == names[i] }?.convention ?? "")
        }
    }
}

extension RiskCoverage {
    /// AURC from a precomputed ascending order of the confidences (ties by input order), without
    /// building the curve: Σ_i r_i / n with the rows ranked by descending confidence.
    static func aurc(confidence: [Double], correct: [Double], ascending order: [Int32]) -> Double {
        let n = order.count
        var errors = 0.0
        var total = 0.0
        var r = n - 1
        var rank = 0
        // Walk runs of equal confidence from the top; inside a run keep input order.
        while r >= 0 {
            var s = r
            while s > 0 && confidence[Int(order[s - 1])] == confidence[Int(order[r])] { s -= 1 }
            for t in s...r {
                errors += 1 - correct[Int(order[t])]
                rank += 1
                total += errors / Double(rank)
            }
            r = s - 1
        }
        return total / Double(n)
    }
}
