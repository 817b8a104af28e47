import AffectTestSupport
import Calibration
import Foundation
import Testing

/// Every metric of calibration_reference.json reproduced to ≤ 1e-12 absolute under the same
/// convention (the reference key names the convention; the report's convention string names ours).
@Suite struct ReferenceMetricsTests {
    static let tol = 1e-12

    /// (our metric name, reference key under all_4000/ or test_2000_uncalibrated/)
    static let topLabel: [(String, String)] = [
        ("accuracy", "accuracy"),
        ("ece", "ece15_toplabel/ref_numpy_rightclosed"),
        ("ece", "ece15_toplabel/netcal_ECE_bins15_on_maxprob"),
        ("ece", "ece15_toplabel/pycalib_conf_ECE"),
        ("ece", "ece15_toplabel/relplot_binnedECE_on_maxprob"),
        ("ece", "ece15_toplabel/kumar_get_ece_plugin"),
        ("mce", "mce15_toplabel/ref_numpy_nonempty_bins"),
        ("mce", "mce15_toplabel/netcal_MCE_bins15"),
        ("ece_adaptive", "ece15_equal_mass_toplabel/ref_numpy_array_split"),
        ("ece_adaptive", "ece15_equal_mass_toplabel/kumar_get_ece_em"),
        ("ece_adaptive", "ece15_equal_mass_toplabel/netcal_ECE_equal_intervals_False"),
        ("ace_nixon", "nixon_ACE_R15_classwise_adaptive_ref"),
        ("tace_nixon", "nixon_TACE_R15_thr1e-3_ref"),
        ("ace_netcal", "netcal_ACE_bins15_average_over_nonempty_bins_NOT_nixon"),
        ("ece_classwise", "classwise_ece15/ref_numpy"),
        ("ece_classwise", "classwise_ece15/pycalib_classwise_ECE"),
        ("ece_classwise", "classwise_ece15/kumar_get_ece_marginal_plugin"),
        ("l2_ece_debiased", "kumar_debiased/l2_top_label_debiased_equal_mass15(get_calibration_error p=2 top-label)"),
        ("l2_ece_plugin", "kumar_debiased/l2_top_label_plugin_equal_mass15"),
        ("l2_ece_marginal_debiased", "kumar_debiased/l2_marginal_debiased_equal_mass15"),
        ("l2_ece_equal_width", "kumar_debiased/ref_l2_equal_width15_plugin"),
        ("smece", "relplot_smECE_toplabel"),
        ("brier", "brier/ref_multiclass_sum_over_classes"),
        ("nll", "nll/ref"),
        ("nll", "nll/sklearn_log_loss"),
        ("aurc", "selective/aurc"),
        ("aurc", "selective/kumar_1_minus_coverage_acc_area"),
        ("aurc_oracle", "selective/aurc_oracle"),
        ("e_aurc", "selective/e_aurc"),
        ("risk_full_coverage", "selective/risk_at_full_coverage"),
        ("aurc_oracle_closed_form", "selective/oracle_closed_form_geifman"),
        ("aurc_trapezoid", "selective/aurc_trapezoid_coverage"),
        ("risk_at_coverage_0.1", "selective/risk_at_coverage/0.1"),
        ("risk_at_coverage_0.2", "selective/risk_at_coverage/0.2"),
        ("risk_at_coverage_0.5", "selective/risk_at_coverage/0.5"),
        ("risk_at_coverage_0.8", "selective/risk_at_coverage/0.8"),
        ("risk_at_coverage_0.9", "selective/risk_at_coverage/0.9"),
        ("risk_at_coverage_1.0", "selective/risk_at_coverage/1.0"),
    ]

    static let positive: [(String, String)] = [
        ("ece", "positive_class/ece15_ref"),
        ("ece", "positive_class/netcal_ECE_bins15_1d"),
        ("ece", "positive_class/torchmetrics_binary_l1"),
        ("ece", "positive_class/relplot_binnedECE"),
        ("mce", "positive_class/mce15_ref"),
        ("smece", "positive_class/relplot_smECE"),
        ("brier", "positive_class/brier_ref"),
        ("brier", "positive_class/sklearn_brier_score_loss_1d"),
        ("brier", "brier/sklearn_brier_score_loss_2d(scale_by_half=auto)"),
        ("murphy_reliability", "positive_class/murphy_decomposition_15bins/reliability"),
        ("murphy_resolution", "positive_class/murphy_decomposition_15bins/resolution"),
        ("murphy_uncertainty", "positive_class/murphy_decomposition_15bins/uncertainty"),
        ("murphy_residual", "positive_class/murphy_decomposition_15bins/residual"),
    ]

    static let parts: [(String, Int?)] = [("all_4000", nil), ("test_2000_uncalibrated", 1)]

    @Test(arguments: Ref.sets)
    func topLabelAndMulticlassMetrics(set: String) throws {
        for (part, split) in Self.parts {
            let p = try Ref.predictions(set, split: split)
            let r = try CalibrationMetrics.report(p)
            for (ours, key) in Self.topLabel {
                let path = "sets/\(set)/\(part)/\(key)"
                let ref = try #require(Ref.number(path), "missing reference \(path)")
                let v = try #require(r.value(ours))
                #expect(abs(v - ref) <= Self.tol, "\(path): ours \(v) (\(ours)), reference \(ref)")
            }
            // ECE with 10 bins.
            var o10 = MetricOptions()
            o10.bins = 10
            o10.smoothECE = false
            let r10 = try CalibrationMetrics.report(p, options: o10)
            let e10 = try #require(Ref.number("sets/\(set)/\(part)/ece10_toplabel_ref"))
            #expect(abs(r10.value("ece")! - e10) <= Self.tol)
            #expect(!r.metrics.contains { $0.convention.isEmpty })
        }
    }

    @Test func positiveClassMetrics() throws {
        let set = "binary_overconfident"
        for (part, split) in Self.parts {
            let p = try Ref.predictions(set, split: split)
            #expect(p.singlePositiveColumn)
            let r = try CalibrationMetrics.report(p)
            for (ours, key) in Self.positive {
                let path = "sets/\(set)/\(part)/\(key)"
                let ref = try #require(Ref.number(path), "missing reference \(path)")
                let v = try #require(r.value("positive_class." + ours))
                #expect(abs(v - ref) <= Self.tol, "\(path): ours \(v), reference \(ref)")
            }
            var o10 = MetricOptions()
            o10.bins = 10
            o10.smoothECE = false
            let r10 = try CalibrationMetrics.report(p, options: o10)
            for (ours, key) in [
                ("murphy_reliability", "reliability"), ("murphy_resolution", "resolution"),
                ("murphy_residual", "residual"),
            ] {
                let ref = try #require(
                    Ref.number("sets/\(set)/\(part)/positive_class/murphy_decomposition_10bins/\(key)"))
                #expect(abs(r10.value("positive_class." + ours)! - ref) <= Self.tol)
            }
        }
    }

    /// Cox calibration. Ours is the maximum-likelihood point: within 1e-14 of the MLE found by
    /// Newton's method in 50-digit arithmetic (Reference/make_cox_mle_reference.py →
    /// cox_mle_reference.json, where the score is ~1e-48). The reference's values are not at the
    /// optimum: the score (gradient of the log-likelihood) there is (4.5e-9, 2.6e-8) for all rows
    /// and (−1.6e-9, −1.7e-8) for the test split, and 3.4e-6 / −3.7e-7 for its
    /// calibration-in-the-large, i.e. a solver stopped at a gradient tolerance. No scikit-learn
    /// 1.9.1 LogisticRegression solver/tol or scipy.optimize method tried reproduced them, so the
    /// gaps to the reference are asserted as measured: slope and intercept 9.7e-12 and 4.2e-12
    /// (≤ 1e-11), calibration-in-the-large 7.9e-9 (≤ 1e-8); the 1e-12 is met against the MLE.
    @Test func coxCalibration() throws {
        let mle = try #require(Ref.local("cox_mle_reference.json")["parts"] as? [String: [String: Any]])
        for (part, split) in Self.parts {
            let p = try Ref.predictions("binary_overconfident", split: split)
            let r = try CalibrationMetrics.report(p)
            let slope = try #require(r.value("positive_class.cox_slope"))
            let intercept = try #require(r.value("positive_class.cox_intercept"))
            let citl = try #require(r.value("positive_class.calibration_in_the_large"))
            let m = try #require(mle[part])
            let mleSlope = try #require(m["mle_slope"] as? Double)
            let mleIntercept = try #require(m["mle_intercept"] as? Double)
            let mleCITL = try #require(m["mle_calibration_in_the_large"] as? Double)
            #expect(abs(slope - mleSlope) <= 1e-14, "\(part) slope \(slope) vs MLE \(mleSlope)")
            #expect(abs(intercept - mleIntercept) <= 1e-14, "\(part) intercept \(intercept) vs MLE \(mleIntercept)")
            #expect(abs(citl - mleCITL) <= 1e-14, "\(part) CITL \(citl) vs MLE \(mleCITL)")
            let base = "sets/binary_overconfident/\(part)/positive_class/cox_calibration/"
            #expect(abs(slope - Ref.number(base + "slope")!) <= 1e-11)
            #expect(abs(intercept - Ref.number(base + "intercept")!) <= 1e-11)
            #expect(abs(citl - Ref.number(base + "calibration_in_the_large")!) <= 1e-8)
        }
    }

    /// scikit-learn calibration_curve (uniform and quantile, 10 and 15 bins) on top-label and,
    /// for binary, positive-class scores.
    @Test(arguments: Ref.sets)
    func calibrationCurves(set: String) throws {
        let p = try Ref.predictions(set)
        let top = p.topLabel()
        var cases: [(String, [Double], [Double])] = [("calibration_curve_toplabel", top.confidence, top.correct)]
        if p.classCount == 2 {
            cases.append(("positive_class/calibration_curve", p.column(1), p.labels.map(Double.init)))
        }
        for (key, s, o) in cases {
            for strategy in ["uniform", "quantile"] {
                for nb in [10, 15] {
                    let edges =
                        strategy == "uniform" ? Reliability.equalWidthEdges(nb) : Reliability.quantileEdges(s, bins: nb)
                    let c = Reliability.withEdges(scores: s, outcomes: o, edges: edges).curve
                    let base = "sets/\(set)/all_4000/\(key)/\(strategy)_\(nb)/"
                    let t = try #require(Ref.numbers(base + "prob_true"))
                    let pr = try #require(Ref.numbers(base + "prob_pred"))
                    #expect(c.meanOutcome.count == t.count)
                    #expect(Tolerance.maxAbsDiff(c.meanOutcome, t) <= Self.tol, "\(base)prob_true")
                    #expect(Tolerance.maxAbsDiff(c.meanScore, pr) <= Self.tol, "\(base)prob_pred")
                }
            }
        }
    }
}
