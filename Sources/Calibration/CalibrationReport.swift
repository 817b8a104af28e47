import Foundation
import Tabular

/// Options of `CalibrationMetrics.report`, validated in one place (`validate()`).
public struct MetricOptions: Codable, Sendable, Equatable {
    /// Bins of the headline ECE/MCE and of the Murphy decomposition. Default 15 (Guo et al. 2017).
    public var bins: Int
    /// Binning of the headline ECE/MCE. Default equal width.
    public var scheme: BinningScheme
    /// Which edge an equal-width bin includes. Default right-closed (lo, hi].
    public var edges: BinEdgeConvention
    /// Bins of the equal-mass (adaptive) ECE and of Kumar's L2 errors. Default 15.
    public var adaptiveBins: Int
    /// Ranges R of Nixon's ACE/TACE. Default 15.
    public var aceRanges: Int
    /// TACE keeps scores > this threshold. Default 1e-3 (Nixon et al. 2019).
    public var taceThreshold: Double
    /// NLL clips the true-class probability to [ε, 1 − ε]. Default 2.220446049250313e-16
    /// (machine epsilon, as scikit-learn `log_loss`); 0 disables the clip.
    public var nllClip: Double
    /// Compute the smooth ECE (relplot). Default true.
    public var smoothECE: Bool
    /// Coverages at which the selective risk is reported. Default 0.1, 0.2, 0.5, 0.8, 0.9, 1.
    public var riskCoverages: [Double]
    /// Target risk for the abstention threshold; nil = not reported. Default nil.
    public var targetRisk: Double?

    public init(
        bins: Int = 15, scheme: BinningScheme = .equalWidth, edges: BinEdgeConvention = .rightClosed,
        adaptiveBins: Int = 15, aceRanges: Int = 15, taceThreshold: Double = 1e-3,
        nllClip: Double = 2.220446049250313e-16, smoothECE: Bool = true,
        riskCoverages: [Double] = [0.1, 0.2, 0.5, 0.8, 0.9, 1.0], targetRisk: Double? = nil
    ) {
        self.bins = bins
        self.scheme = scheme
        self.edges = edges
        self.adaptiveBins = adaptiveBins
        self.aceRanges = aceRanges
        self.taceThreshold = taceThreshold
        self.nllClip = nllClip
        self.smoothECE = smoothECE
        self.riskCoverages = riskCoverages
        self.targetRisk = targetRisk
    }

    public func validate() throws(CalibrationError) {
        for (name, v) in [("bins", bins), ("adaptiveBins", adaptiveBins), ("aceRanges", aceRanges)] where v < 1 {
            throw .parameter(name: name, value: "\(v)", expected: "at least 1 bin")
        }
        guard taceThreshold >= 0, taceThreshold < 1 else {
            throw .parameter(name: "taceThreshold", value: "\(taceThreshold)", expected: "a value in [0, 1)")
        }
        guard nllClip >= 0, nllClip < 0.5 else {
            throw .parameter(name: "nllClip", value: "\(nllClip)", expected: "a value in [0, 0.5)")
        }
        for c in riskCoverages where !(c > 0 && c <= 1) {
            throw .parameter(name: "riskCoverages", value: "\(c)", expected: "coverages in (0, 1]")
        }
        if let t = targetRisk, !(t >= 0 && t <= 1) {
            throw .parameter(name: "targetRisk", value: "\(t)", expected: "a risk in [0, 1]")
        }
    }

    /// The options as an ordered JSON object.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("bins", .integer(bins)), ("scheme", .string(scheme.rawValue)), ("edges", .string(edges.rawValue)),
            ("adaptive_bins", .integer(adaptiveBins)), ("ace_ranges", .integer(aceRanges)),
            ("tace_threshold", .number(taceThreshold)), ("nll_clip", .number(nllClip)),
            ("smooth_ece", .bool(smoothECE)), ("risk_coverages", .numbers(riskCoverages)),
        ]
        pairs.append(("target_risk", targetRisk.map { .number($0) } ?? .null))
        return .object(pairs)
    }
}

/// One number with its name and the convention it was computed under.
public struct Metric: Sendable, Equatable {
    public let name: String
    public let value: Double
    /// How the number was computed (target, binning, edges, estimator, reference implementation),
    /// or why it is undefined when `value` is NaN.
    public let convention: String

    public init(name: String, value: Double, convention: String) {
        self.name = name
        self.value = value
        self.convention = convention
    }
}

/// Every metric of one set of predictions, each with its convention.
public struct CalibrationReport: Sendable, Equatable {
    public let count: Int
    public let classCount: Int
    /// Top-label and multiclass metrics, in a fixed order.
    public let metrics: [Metric]
    /// Positive-class (class 1) metrics for binary predictions; empty when K > 2.
    public let positiveClass: [Metric]
    /// Abstention threshold meeting `MetricOptions.targetRisk` (threshold, coverage, risk), if
    /// requested and reachable.
    public let abstention: (threshold: Double, coverage: Double, risk: Double)?
    public let targetRisk: Double?

    public static func == (a: CalibrationReport, b: CalibrationReport) -> Bool {
        a.metrics == b.metrics && a.positiveClass == b.positiveClass && a.count == b.count
    }

    /// The value of a metric by name (`"ece"`, or `"positive_class.ece"`), nil if absent.
    public func value(_ name: String) -> Double? {
        if name.hasPrefix("positive_class.") {
            let n = String(name.dropFirst("positive_class.".count))
            return positiveClass.first { $0.name == n }?.value
        }
        return metrics.first { $0.name == name }?.value
    }

    /// All metrics as (qualified name, value), positive-class ones prefixed `positive_class.`.
    public var flattened: [(String, Double)] {
        metrics.map { ($0.name, $0.value) } + positiveClass.map { ("positive_class." + $0.name, $0.value) }
    }

    /// {"conventions": {…}, "metrics": {…}} (and "positive_class" / "abstention" when present).
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("n", .integer(count)), ("classes", .integer(classCount)),
            ("conventions", .object(metrics.map { ($0.name, .string($0.convention)) })),
            ("metrics", .object(metrics.map { ($0.name, .number($0.value)) })),
        ]
        if !positiveClass.isEmpty {
            pairs.append(
                (
                    "positive_class",
                    .obj([
                        ("conventions", .object(positiveClass.map { ($0.name, .string($0.convention)) })),
                        ("metrics", .object(positiveClass.map { ($0.name, .number($0.value)) })),
                    ])
                ))
        }
        if let t = targetRisk {
            if let a = abstention {
                pairs.append(
                    (
                        "abstention",
                        .obj([
                            ("target_risk", .number(t)), ("threshold", .number(a.threshold)),
                            ("coverage", .number(a.coverage)), ("risk", .number(a.risk)),
                            ("rule", .string("accept a prediction when its top-label confidence >= threshold")),
                        ])
                    ))
            } else {
                pairs.append(
                    (
                        "abstention",
                        .obj([
                            ("target_risk", .number(t)), ("threshold", .null),
                            ("reason", .string("no confidence cut-off reaches a selective risk <= the target")),
                        ])
                    ))
            }
        }
        return .object(pairs)
    }
}

/// Computes the full metric set of the issue (ECE family, MCE, classwise ECE/SCE, Nixon ACE/TACE,
/// Kumar's L2 errors, smooth ECE, Brier, NLL, accuracy/UAR, AURC family; for binary input the
/// positive-class ECE/MCE, Brier with its Murphy decomposition and Cox slope/intercept).
public enum CalibrationMetrics {
    public static func report(_ p: Predictions, options o: MetricOptions = MetricOptions()) throws(CalibrationError)
        -> CalibrationReport
    {
        try o.validate()
        guard p.count > 0 else { throw .empty(source: p.source, detail: "no prediction rows") }
        let top = p.topLabel()
        let conf = top.confidence
        let corr = top.correct
        let order = SortOrder.ascending(conf)
        let edgeName = o.edges == .rightClosed ? "right-closed (lo, hi]" : "left-closed [lo, hi)"
        let headBins = Reliability.bins(scores: conf, outcomes: corr, bins: o.bins, scheme: o.scheme, edges: o.edges)
        let headDesc =
            o.scheme == .equalWidth
            ? "\(o.bins) equal-width bins, \(edgeName)"
            : "\(o.bins) equal-mass bins (sorted scores split as numpy array_split, ties by input order)"
        let topDesc =
            p.singlePositiveColumn
            ? "top-label (confidence max(p1, 1 - p1), correct = argmax == y)"
            : "top-label (confidence max_k p_k, correct = argmax == y, first maximum on ties)"
        let massBins = Reliability.equalMass(scores: conf, outcomes: corr, bins: o.adaptiveBins, order: order)
        let massDesc = "\(o.adaptiveBins) equal-mass bins (numpy array_split of sorted scores, ties by input order)"
        var m: [Metric] = []
        func add(_ name: String, _ v: Double, _ c: String) { m.append(Metric(name: name, value: v, convention: c)) }
        add("n", Double(p.count), "number of prediction rows")
        add("accuracy", corr.reduce(0, +) / Double(p.count), "fraction with argmax == y (first maximum on ties)")
        add(
            "uar", ScoreMetrics.uar(p, predicted: top.predicted),
            "unweighted average recall: mean over classes present in y of per-class recall")
        add(
            "ece", headBins.ece,
            "\(topDesc); \(headDesc); sum_b n_b/n |acc_b - conf_b| (Guo et al. 2017; = numpy reference, netcal ECE, pycalib, relplot binnedECE)"
        )
        add(
            "ece_adaptive", massBins.ece,
            "\(topDesc); \(massDesc); sum_b n_b/n |acc_b - conf_b| (= netcal ECE equal_intervals=False, Kumar get_ece_em)"
        )
        add("mce", headBins.mce, "\(topDesc); \(headDesc); max over non-empty bins of |acc_b - conf_b|")
        add(
            "ece_classwise",
            ScoreMetrics.classwiseECE(p, bins: o.bins, scheme: o.scheme, edges: o.edges),
            "classwise ECE = SCE: mean over k of the ECE of p_k vs 1[y = k]; \(headDesc) (= pycalib classwise_ECE, Kumar marginal plugin L1)"
        )
        add(
            "ace_nixon", ScoreMetrics.nixonACE(p, ranges: o.aceRanges),
            "Nixon et al. 2019 ACE: per class, \(o.aceRanges) equal-count ranges of sorted p_k (array_split); unweighted mean of |freq - conf| over K x R ranges"
        )
        add(
            "tace_nixon", ScoreMetrics.nixonACE(p, ranges: o.aceRanges, threshold: o.taceThreshold),
            "Nixon et al. 2019 TACE: as ace_nixon but only p_k > \(o.taceThreshold); divided by K x R")
        add(
            "ace_netcal", headBins.unweightedMeanGap,
            "netcal ACE (NOT Nixon's): \(topDesc); \(headDesc); unweighted mean of |acc_b - conf_b| over non-empty bins"
        )
        add(
            "l2_ece_debiased", massBins.l2(debiased: true),
            "Kumar et al. 2019 debiased L2 CE: \(topDesc); \(massDesc); sqrt(max(sum_b n_b/n [(acc_b - conf_b)^2 - acc_b(1 - acc_b)/(n_b - 1)], 0)) (= uncertainty-calibration get_calibration_error p=2 top-label)"
        )
        add(
            "l2_ece_plugin", massBins.l2(debiased: false),
            "plug-in L2 CE: \(topDesc); \(massDesc); sqrt(sum_b n_b/n (acc_b - conf_b)^2)")
        add(
            "l2_ece_equal_width",
            Reliability.equalWidth(scores: conf, outcomes: corr, bins: o.bins, edges: o.edges).l2(debiased: false),
            "plug-in L2 CE: \(topDesc); \(o.bins) equal-width bins, \(edgeName)")
        add(
            "l2_ece_marginal_debiased", ScoreMetrics.marginalL2(p, bins: o.adaptiveBins, debiased: true),
            "Kumar et al. 2019 marginal debiased L2 CE: per class k, debiased L2 CE of p_k vs 1[y = k] with \(o.adaptiveBins) equal-mass bins; sqrt(mean_k CE_k^2)"
        )
        if o.smoothECE {
            let s = SmoothECE.compute(scores: conf, outcomes: corr)
            add(
                "smece", s.value,
                "Blasiok & Nakkiran 2023 smooth ECE on \(topDesc); reflected Gaussian kernel, sigma = fixed point by 10 bisections (sigma = \(s.sigma)); = relplot 1.0.3 smECE"
            )
        }
        add(
            "brier", ScoreMetrics.brierMulticlass(p),
            "multiclass sum convention: mean_i sum_k (p_ik - 1[y_i = k])^2, range [0, 2] (for binary input = 2 x the binary Brier score)"
        )
        add(
            "nll", ScoreMetrics.nll(p, clip: o.nllClip),
            o.nllClip > 0
                ? "mean -ln p_{i,y_i} in nats, p clipped to [\(o.nllClip), 1 - \(o.nllClip)] (scikit-learn log_loss)"
                : "mean -ln p_{i,y_i} in nats, no clip")
        add(
            "n_true_class_prob_zero", Double(ScoreMetrics.zeroTrueClassCount(p)),
            "rows whose true-class probability is exactly 0")
        let rc = RiskCoverage(confidence: conf, correct: corr)
        let selDesc = "top-label confidence ranking (descending, ties by input order), 0/1 risk"
        add("aurc", rc.aurc, "Geifman et al. 2019 AURC: mean of selective risk over the n cut-offs; \(selDesc)")
        add("e_aurc", rc.excessAURC, "AURC - oracle AURC (Geifman et al. 2019)")
        add("aurc_oracle", rc.oracleAURC, "AURC of the oracle ranking (all errors last), finite n")
        add("aurc_oracle_closed_form", rc.oracleClosedForm, "r + (1 - r) ln(1 - r), r = error rate (n -> infinity)")
        add("aurc_trapezoid", rc.aurcTrapezoid, "trapezoid rule of risk over coverage from 1/n to 1")
        add("risk_full_coverage", rc.fullCoverageRisk, "error rate at coverage 1")
        for c in o.riskCoverages {
            add(
                "risk_at_coverage_\(c)", rc.risk(atCoverage: c),
                "selective risk of the top round(\(c) n) predictions; \(selDesc)")
        }
        var pc: [Metric] = []
        if p.classCount == 2 {
            func addp(_ name: String, _ v: Double, _ c: String) {
                pc.append(Metric(name: name, value: v, convention: c))
            }
            let s = p.column(1)
            let y = p.labels.map { Double($0) }
            let pd = "positive class: score p1 vs y = 1"
            let pb = Reliability.bins(scores: s, outcomes: y, bins: o.bins, scheme: o.scheme, edges: o.edges)
            addp(
                "ece", pb.ece,
                "\(pd); \(headDesc); sum_b n_b/n |freq_b - mean p1_b| (= netcal/torchmetrics binary ECE)")
            addp("mce", pb.mce, "\(pd); \(headDesc); max over non-empty bins")
            if o.smoothECE {
                let sm = SmoothECE.compute(scores: s, outcomes: y)
                addp("smece", sm.value, "\(pd); relplot 1.0.3 smECE (sigma = \(sm.sigma))")
            }
            let md = ScoreMetrics.murphy(scores: s, outcomes: y, bins: o.bins, edges: o.edges)
            addp(
                "brier", md.brier,
                "binary convention: mean_i (p1_i - y_i)^2, range [0, 1] (scikit-learn brier_score_loss)")
            let mdesc = "Murphy 1973 with \(o.bins) equal-width bins, \(edgeName)"
            addp("murphy_reliability", md.reliability, "\(mdesc): sum_b n_b/n (mean p1_b - freq_b)^2")
            addp("murphy_resolution", md.resolution, "\(mdesc): sum_b n_b/n (freq_b - freq)^2")
            addp("murphy_uncertainty", md.uncertainty, "freq (1 - freq), freq = mean y")
            addp(
                "murphy_residual", md.residual,
                "\(mdesc): brier - (reliability - resolution + uncertainty), the within-bin term")
            do {
                let cx = try ScoreMetrics.cox(scores: s, outcomes: y)
                let cd =
                    "Cox 1958: maximum-likelihood logistic regression of y on ln(p1/(1 - p1)), Newton to machine precision"
                addp("cox_intercept", cx.intercept, "\(cd); intercept (0 when calibrated)")
                addp("cox_slope", cx.slope, "\(cd); slope (1 when calibrated; < 1 overconfident)")
                addp(
                    "calibration_in_the_large", cx.calibrationInTheLarge,
                    "intercept of y ~ sigmoid(c + ln(p1/(1 - p1))) with the slope fixed at 1")
            } catch {
                let why = "undefined: \(error)"
                addp("cox_intercept", .nan, why)
                addp("cox_slope", .nan, why)
                addp("calibration_in_the_large", .nan, why)
            }
        }
        let abst = o.targetRisk.flatMap { rc.abstention(targetRisk: $0) }
        return CalibrationReport(
            count: p.count, classCount: p.classCount, metrics: m, positiveClass: pc, abstention: abst,
            targetRisk: o.targetRisk)
    }
}
