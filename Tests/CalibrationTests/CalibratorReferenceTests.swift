import AffectTestSupport
import Calibration
import Foundation
import Testing

/// Calibrators fitted on split 0 and applied to split 1, against the reference parameters and
/// calibrated-output files. Tolerances: T within 1e-6 relative; probabilities within 1e-6
/// absolute (the acceptance bound; the reference solvers stop at ~1e-8, ours at machine precision).
@Suite struct CalibratorReferenceTests {
    static func fitApply(_ set: String, _ method: CalibrationMethod, _ params: CalibratorParameters = .init())
        throws -> (FittedCalibrator, Predictions)
    {
        let cal = try Ref.predictions(set, split: 0)
        let test = try Ref.predictions(set, split: 1)
        let model = try FittedCalibrator.fit(method, on: cal, parameters: params)
        return (model, try model.apply(test))
    }

    static func maxDiff(_ p: Predictions, _ file: String) throws -> Double {
        let ref = try Ref.outputs(file)
        #expect(ref.classCount == p.classCount)
        return Tolerance.maxAbsDiff(p.probabilities, ref.probabilities)
    }

    @Test(arguments: Ref.sets)
    func temperature(set: String) throws {
        let (model, out) = try Self.fitApply(set, .temperature)
        guard case .temperature(let ts) = model else { Issue.record("not temperature"); return }
        let ref = try #require(Ref.number("sets/\(set)/posthoc/temperature_scaling/T_ref_minimize_logT_on_logits"))
        #expect(abs(ts.temperature / ref - 1) <= 1e-6, "T = \(ts.temperature), reference \(ref)")
        let netcal = try #require(
            Ref.at(
                "sets", set, "posthoc", "temperature_scaling",
                "netcal_TemperatureScaling_weights(raw, multiplies log-probs/logits)") as? [NSNumber])
        #expect(abs(1 / ts.temperature / netcal[0].doubleValue - 1) <= 1e-5, "netcal stores 1/T (its fit is looser)")
        #expect(try Self.maxDiff(out, "\(set)__test_ts_ref.csv") <= 1e-6)
    }

    @Test func plattOnLogit() throws {
        let set = "binary_overconfident"
        let (model, out) = try Self.fitApply(set, .platt)
        guard case .platt(let m) = model else { Issue.record("not platt"); return }
        let base = "sets/\(set)/posthoc/platt/ref_unpenalised_LR_on_logit: p=sigmoid(a*z+b)/"
        #expect(abs(m.coefficients[0].a - Ref.number(base + "a")!) <= 1e-9)
        #expect(abs(m.coefficients[0].b - Ref.number(base + "b")!) <= 1e-9)
        #expect(try Self.maxDiff(out, "\(set)__test_platt_ref.csv") <= 1e-6)
        // scikit-learn's private Platt fit on the logit with smoothed targets (sign convention A = -a).
        let (m2, _) = try Self.fitApply(set, .platt, CalibratorParameters(plattTargets: .platt1999))
        guard case .platt(let s) = m2 else { return }
        let sk = "sklearn_private__SigmoidCalibration_on_logit (Platt targets; p=1/(1+exp(A*z+B)))"
        let refA = try #require((Ref.at("sets", set, "posthoc", "platt", sk, "A") as? NSNumber)?.doubleValue)
        let refB = try #require((Ref.at("sets", set, "posthoc", "platt", sk, "B") as? NSNumber)?.doubleValue)
        #expect(abs(-s.coefficients[0].a - refA) <= 1e-8)
        #expect(abs(-s.coefficients[0].b - refB) <= 1e-8)
    }

    /// scikit-learn CalibratedClassifierCV(method="sigmoid") = Platt on the probability with
    /// smoothed targets, one-vs-rest and renormalised for K > 2.
    @Test(arguments: Ref.sets)
    func plattScikitLearnConvention(set: String) throws {
        let params = CalibratorParameters(plattInput: .probability, plattTargets: .platt1999)
        let (_, out) = try Self.fitApply(set, .platt, params)
        let file =
            set.hasPrefix("binary") ? "\(set)__test_platt_sklearn_ccv.csv" : "\(set)__test_sigmoid_sklearn_ccv.csv"
        #expect(try Self.maxDiff(out, file) <= 1e-6)
    }

    @Test(arguments: Ref.sets)
    func isotonic(set: String) throws {
        let (model, out) = try Self.fitApply(set, .isotonic, CalibratorParameters(isotonicClip: 0))
        let file =
            set.hasPrefix("binary") ? "\(set)__test_isotonic_sklearn.csv" : "\(set)__test_isotonic_sklearn_ccv.csv"
        #expect(try Self.maxDiff(out, file) <= 1e-12)
        if set.hasPrefix("binary"), case .isotonic(let m) = model {
            let base = "sets/\(set)/posthoc/isotonic/sklearn_IsotonicRegression(out_of_bounds=clip) on p1/"
            // 1 ulp: Foundation's JSONSerialization on Linux misreads some 17-digit numbers by 1 ulp.
            let xs = try #require(Ref.numbers(base + "X_thresholds"))
            #expect(m.steps[0].x.count == xs.count)
            #expect(Tolerance.firstMismatch(m.steps[0].x, xs, rtol: 1e-15) == nil)
            #expect(Tolerance.maxAbsDiff(m.steps[0].y, Ref.numbers(base + "y_thresholds")!) <= 1e-15)
        }
        // The default clip keeps outputs inside [1e-6, 1 - 1e-6] (binary: exact).
        let (_, clipped) = try Self.fitApply(set, .isotonic)
        if set.hasPrefix("binary") { #expect(clipped.probabilities.allSatisfy { $0 >= 1e-6 && $0 <= 1 - 1e-6 }) }
        #expect(ScoreMetrics.zeroTrueClassCount(clipped) == 0)
    }

    @Test func histogramBinning() throws {
        let set = "binary_overconfident"
        let (model, out) = try Self.fitApply(set, .histogram)
        guard case .histogram(let m) = model else { Issue.record("not histogram"); return }
        let base = "sets/\(set)/posthoc/histogram_binning_15_equal_width/"
        #expect(Tolerance.maxAbsDiff(m.values[0], Ref.numbers(base + "ref_bin_values(empty->centre)")!) <= 1e-15)
        #expect(m.counts[0].map(Double.init) == Ref.numbers(base + "ref_bin_counts")!)
        try Self.checkAfter(out, base + "test_after_ref/")
    }

    /// netcal HistogramBinning(15) one-vs-rest, renormalised, on the 4-class sets (metrics only).
    /// On the underconfident set two test rows get a true-class frequency of exactly 0 from an
    /// empty-of-positives bin; netcal clips those internally (NLL differs by 0.0084 there), so NLL
    /// and the zero count are compared only on the overconfident set.
    @Test(arguments: ["multiclass4_overconfident", "multiclass4_underconfident"])
    func histogramMulticlass(set: String) throws {
        let (_, out) = try Self.fitApply(set, .histogram)
        let base = "sets/\(set)/posthoc/netcal_HistogramBinning15_multiclass_OvR_renorm/test_after/"
        if set == "multiclass4_overconfident" {
            try Self.checkAfter(out, base)
        } else {
            let r = try CalibrationMetrics.report(out, options: MetricOptions(smoothECE: false))
            for (ours, key) in [("ece", "ece15_toplabel"), ("brier", "brier_multiclass"), ("accuracy", "accuracy")] {
                #expect(abs(r.value(ours)! - Ref.number(base + key)!) <= 1e-12, "\(key)")
            }
            #expect(r.value("n_true_class_prob_zero") == 2)
        }
    }

    @Test func beta() throws {
        let set = "binary_overconfident"
        let (model, out) = try Self.fitApply(set, .beta)
        guard case .beta(let m) = model else { Issue.record("not beta"); return }
        let base = "sets/\(set)/posthoc/beta_calibration_abm/ref_tight_BFGS/"
        #expect(abs(m.coefficients[0].a - Ref.number(base + "a")!) <= 1e-9)
        #expect(abs(m.coefficients[0].b - Ref.number(base + "b")!) <= 1e-9)
        #expect(abs(m.coefficients[0].c - Ref.number(base + "c")!) <= 1e-9)
        #expect(try Self.maxDiff(out, "\(set)__test_beta_ref.csv") <= 1e-6)
    }

    @Test(arguments: ["multiclass4_overconfident", "multiclass4_underconfident"])
    func dirichlet(set: String) throws {
        let (model, out) = try Self.fitApply(set, .dirichlet, CalibratorParameters(dirichletL2: 1e-12))
        #expect(try Self.maxDiff(out, "\(set)__test_dirichlet_C1e12.csv") <= 1e-6)
        guard case .dirichlet(let m) = model else { return }
        let w = try #require(
            Ref.value(
                "sets/\(set)/posthoc/dirichlet_full_as_multinomial_LR_on_logprobs/C=1e12 (approx unregularised)/W")
                as? [[Double]])
        #expect(Tolerance.maxAbsDiff(m.weights.flatMap { $0 }, w.flatMap { $0 }) <= 1e-5)
        // L2 with C = 1 (lambda = 1): test metrics against the reference fit.
        let (_, out1) = try Self.fitApply(set, .dirichlet, CalibratorParameters(dirichletL2: 1))
        let after =
            "sets/\(set)/posthoc/dirichlet_full_as_multinomial_LR_on_logprobs/C=1 (L2 on W only, sklearn objective C*sum(loss)+0.5||W||^2)/test_after/"
        let r = try CalibrationMetrics.report(out1, options: MetricOptions(smoothECE: false))
        #expect(abs(r.value("nll")! - Ref.number(after + "nll_clip_eps")!) <= 1e-6)
        #expect(abs(r.value("ece")! - Ref.number(after + "ece15_toplabel")!) <= 1e-6)
    }

    /// Metrics of calibrated outputs against the reference "test_after" block (same outputs to
    /// rounding, so 1e-12).
    static func checkAfter(_ out: Predictions, _ base: String) throws {
        let r = try CalibrationMetrics.report(out, options: MetricOptions(smoothECE: false))
        for (ours, key) in [
            ("ece", "ece15_toplabel"), ("nll", "nll_clip_eps"), ("brier", "brier_multiclass"), ("accuracy", "accuracy"),
            ("n_true_class_prob_zero", "n_true_class_prob_zero"),
        ] {
            let ref = try #require(Ref.number(base + key), "missing \(base)\(key)")
            #expect(abs(r.value(ours)! - ref) <= 1e-12, "\(base)\(key): ours \(r.value(ours)!), reference \(ref)")
        }
    }

    /// Every fitted model survives its JSON file unchanged and applies identically after reloading.
    @Test(arguments: CalibrationMethod.allCases)
    func jsonRoundTrip(method: CalibrationMethod) throws {
        let set = method == .dirichlet ? "multiclass4_overconfident" : "binary_overconfident"
        let (model, out) = try Self.fitApply(set, method)
        let doc = model.document(input: .string(set), parameters: CalibratorParameters())
        let text = doc.rendered()
        #expect(text.hasPrefix("{\n  \"schema\": \"affect.calibrator.v1\""))
        let back = try FittedCalibrator.decode(json: text)
        #expect(back == model)
        let test = try Ref.predictions(set, split: 1)
        #expect(try back.apply(test).probabilities == out.probabilities)
        if case .temperature(let t) = model { #expect(text.contains("\"temperature\": \(t.temperature)")) }
    }
}
