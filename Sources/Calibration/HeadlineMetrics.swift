import Foundation

extension CalibrationMetrics {
    /// Top-label ECE alone, fused into one pass over the row-major n × K probabilities
    /// (`FusedPass.topLabelGaps`: top label, bin, Σ confidence and Σ correct per bin, no
    /// intermediate arrays): ECE = Σ_b |Σ_{i∈b} c_i − Σ_{i∈b} s_i| / n, the same number as
    /// `report(p).value("ece")` for equal-width bins up to summation order (≤ 1e-15).
    public static func topLabelECE(_ p: Predictions, bins: Int = 15, edges: BinEdgeConvention = .rightClosed) -> Double
    {
        let k = p.classCount
        let n = p.count
        guard n > 0, bins >= 1 else { return 0 }
        let right = edges == .rightClosed
        var d = [Double](repeating: 0, count: 4 * bins)
        var h = [Int](repeating: 0, count: 4 * bins)
        let binTable = FusedPass.binTable(bins: bins, rightClosed: right)
        binTable.withUnsafeBufferPointer { tb in
            h.withUnsafeMutableBufferPointer { hp in
                d.withUnsafeMutableBufferPointer { dp in
                    p.probabilities.withUnsafeBufferPointer { pb in
                        p.labels.withUnsafeBufferPointer { yb in
                            let pr = pb.baseAddress!
                            let y = yb.baseAddress!
                            let out = dp.baseAddress!
                            let hits = hp.baseAddress!
                            let table = tb.baseAddress!
                            switch k {
                            case 2:
                                FusedPass.topLabelGaps(
                                    k: 2, rows: pr, labels: y, count: n, bins: bins, rightClosed: right, table: table,
                                    score: out,
                                    hits: hits)
                            case 3:
                                FusedPass.topLabelGaps(
                                    k: 3, rows: pr, labels: y, count: n, bins: bins, rightClosed: right, table: table,
                                    score: out,
                                    hits: hits)
                            case 4:
                                FusedPass.topLabelGaps(
                                    k: 4, rows: pr, labels: y, count: n, bins: bins, rightClosed: right, table: table,
                                    score: out,
                                    hits: hits)
                            default:
                                FusedPass.topLabelGaps(
                                    k: k, rows: pr, labels: y, count: n, bins: bins, rightClosed: right, table: table,
                                    score: out,
                                    hits: hits)
                            }
                        }
                    }
                }
            }
        }
        var ece = 0.0
        for b in 0..<bins {
            let s = (d[b] + d[bins + b]) + (d[2 * bins + b] + d[3 * bins + b])
            let c = (h[b] + h[bins + b]) + (h[2 * bins + b] + h[3 * bins + b])
            ece += abs(Double(c) - s)
        }
        return ece / Double(n)
    }

    /// The headline set of the issue — accuracy, ECE, adaptive ECE, MCE, classwise ECE, Nixon ACE,
    /// Brier (multiclass sum), NLL, AURC — with the conventions of `report` and its values to
    /// ≤ 1e-15 relative (sums are grouped differently), computed for large n with shared work:
    /// one pass over the probabilities (`FusedPass.headlineRows`) gives the top label,
    /// confidence and correct flag of every row, every equal-width bin (top-label and per
    /// class), the per-class equal-mass histograms, Brier and NLL; one stable sort of the
    /// confidences with the correct flags carried along (`SortedScores`) gives the adaptive ECE
    /// and the AURC; Nixon's per-class equal-mass ranges are found without sorting the class
    /// columns (`EqualMassSelection`: only histogram buckets that hold a range boundary are
    /// gathered, by the bucket of every value recorded in the pass, and sorted). Equal-width headline bins only (the default scheme).
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
        let hb = EqualMassSelection.buckets
        let right = o.edges == .rightClosed
        var topCnt = [Int](repeating: 0, count: nb)
        var topS = [Double](repeating: 0, count: nb)
        var topO = [Int](repeating: 0, count: nb)
        var clsCnt = [Int](repeating: 0, count: k * nb)
        var clsS = [Double](repeating: 0, count: k * nb)
        var clsO = [Int](repeating: 0, count: k * nb)
        var hCnt = [Int32](repeating: 0, count: k * hb)
        var hS = [Double](repeating: 0, count: k * hb)
        var hO = [Int32](repeating: 0, count: k * hb)
        var conf = [Double](repeating: 0, count: n)
        var corr = [UInt8](repeating: 0, count: n)
        var bucket = [UInt16](repeating: 0, count: n * k)
        var sums = (hits: 0.0, brier: 0.0, logLikelihood: 0.0)
        topCnt.withUnsafeMutableBufferPointer { tc in
            topS.withUnsafeMutableBufferPointer { ts in
                topO.withUnsafeMutableBufferPointer { to in
                    clsCnt.withUnsafeMutableBufferPointer { cc in
                        clsS.withUnsafeMutableBufferPointer { cs in
                            clsO.withUnsafeMutableBufferPointer { co in
                                hCnt.withUnsafeMutableBufferPointer { hc in
                                    hS.withUnsafeMutableBufferPointer { hs in
                                        hO.withUnsafeMutableBufferPointer { ho in
                                            conf.withUnsafeMutableBufferPointer { cf in
                                                corr.withUnsafeMutableBufferPointer { cr in
                                                    bucket.withUnsafeMutableBufferPointer { bk in
                                                        let acc = FusedPass.Headline(
                                                            topCount: tc.baseAddress!, topScore: ts.baseAddress!,
                                                            topOutcome: to.baseAddress!, classCount: cc.baseAddress!,
                                                            classScore: cs.baseAddress!, classOutcome: co.baseAddress!,
                                                            histCount: hc.baseAddress!, histScore: hs.baseAddress!,
                                                            histOutcome: ho.baseAddress!, confidence: cf.baseAddress!,
                                                            correct: cr.baseAddress!, bucket: bk.baseAddress!)
                                                        sums = headlinePass(
                                                            p, k: k, bins: nb, rightClosed: right, clip: o.nllClip, acc)
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let e = Reliability.equalWidthEdges(nb)
        let head = Reliability.finish(
            lower: Array(e[0..<nb]), upper: Array(e[1...nb]), counts: topCnt, sumScore: topS,
            sumOutcome: topO.map(Double.init),
            total: n, scheme: .equalWidth)
        var classwise = 0.0
        for j in 0..<k {
            let r = j * nb..<(j + 1) * nb
            classwise +=
                Reliability.finish(
                    lower: [], upper: [], counts: Array(clsCnt[r]), sumScore: Array(clsS[r]),
                    sumOutcome: clsO[r].map(Double.init),
                    total: n, scheme: .equalWidth
                ).ece
        }
        classwise /= Double(k)
        // One sort of the confidences: adaptive (equal-mass) ECE and AURC.
        let sorted = conf.withUnsafeBufferPointer { cf in
            corr.withUnsafeBufferPointer { cr in SortedScores(scores: cf, outcomes: cr) }
        }
        let tr = sorted.rangeSums(EqualMassSelection.sizes(n, o.adaptiveBins))
        let mass = Reliability.finish(
            lower: [], upper: [], counts: tr.counts, sumScore: tr.sumScore, sumOutcome: tr.sumOutcome, total: n,
            scheme: .equalMass)
        // Nixon ACE: per-class equal-mass ranges from the histograms and the boundary buckets.
        let aceSizes = EqualMassSelection.sizes(n, o.aceRanges)
        let clsHist = (0..<k).map { j in
            var h = EqualMassSelection()
            h.count = Array(hCnt[j * hb..<(j + 1) * hb])
            h.sumScore = Array(hS[j * hb..<(j + 1) * hb])
            h.sumOutcome = hO[j * hb..<(j + 1) * hb].map(Double.init)
            return h
        }
        let splits = clsHist.map { $0.splitBuckets(aceSizes) }
        let flatSplit = splits.flatMap { $0 }
        var members = [[(Double, Int32, Double)]](repeating: [], count: k)
        flatSplit.withUnsafeBufferPointer { fs in
            bucket.withUnsafeBufferPointer { bk in
                p.probabilities.withUnsafeBufferPointer { pr in
                    p.labels.withUnsafeBufferPointer { y in
                        for i in 0..<n {
                            for j in 0..<k where fs[j &* hb &+ Int(bk[i &* k &+ j])] {
                                members[j].append((pr[i &* k &+ j], Int32(i), y[i] == j ? 1 : 0))
                            }
                        }
                    }
                }
            }
        }
        var ace = 0.0
        for j in 0..<k {
            let r = clsHist[j].ranges(sizes: aceSizes, split: splits[j], members: members[j])
            for b in r.counts.indices where r.counts[b] > 0 {
                let c = Double(r.counts[b])
                ace += abs(r.sumOutcome[b] / c - r.sumScore[b] / c)
            }
        }
        ace /= Double(k * o.aceRanges)
        let names = ["accuracy", "ece", "ece_adaptive", "mce", "ece_classwise", "ace_nixon", "brier", "nll", "aurc"]
        let values = [
            sums.hits / Double(n), head.ece, mass.ece, head.mce, classwise, ace, sums.brier / Double(n),
            -sums.logLikelihood / Double(n), sorted.aurc(),
        ]
        let conventions = try report(
            p.subset([0]), options: MetricOptions(bins: o.bins, scheme: o.scheme, edges: o.edges, smoothECE: false))
        return names.indices.map { i in
            Metric(
                name: names[i], value: values[i],
                convention: conventions.metrics.first { $0.name == names[i] }?.convention ?? "")
        }
    }

    /// `FusedPass.headlineRows` dispatched on K so that the per-row loops are unrolled.
    private static func headlinePass(
        _ p: Predictions, k: Int, bins nb: Int, rightClosed right: Bool, clip: Double, _ acc: FusedPass.Headline
    ) -> (hits: Double, brier: Double, logLikelihood: Double) {
        let binTable = FusedPass.binTable(bins: nb, rightClosed: right)
        return binTable.withUnsafeBufferPointer { tb in
            p.probabilities.withUnsafeBufferPointer { pb in
                p.labels.withUnsafeBufferPointer { yb in
                    let pr = pb.baseAddress!
                    let y = yb.baseAddress!
                    let table = tb.baseAddress!
                    let n = p.count
                    switch k {
                    case 2:
                        return FusedPass.headlineRows(
                            k: 2, rows: pr, labels: y, count: n, bins: nb, rightClosed: right, table: table, clip: clip,
                            into: acc)
                    case 3:
                        return FusedPass.headlineRows(
                            k: 3, rows: pr, labels: y, count: n, bins: nb, rightClosed: right, table: table, clip: clip,
                            into: acc)
                    case 4:
                        return FusedPass.headlineRows(
                            k: 4, rows: pr, labels: y, count: n, bins: nb, rightClosed: right, table: table, clip: clip,
                            into: acc)
                    default:
                        return FusedPass.headlineRows(
                            k: k, rows: pr, labels: y, count: n, bins: nb, rightClosed: right, table: table, clip: clip,
                            into: acc)
                    }
                }
            }
        }
    }
}
