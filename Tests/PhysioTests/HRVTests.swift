import AffectTestSupport
import Foundation
import Physio
import Testing

@Suite("HRV on identical beats vs NeuroKit2 0.2.13 (Welch band powers within 1 % with its parameters)")
struct HRVTests {
    static let exactTime = [
        "HRV_MeanNN", "HRV_SDNN", "HRV_SDANN1", "HRV_SDNNI1", "HRV_SDANN2", "HRV_SDNNI2", "HRV_SDANN5", "HRV_SDNNI5",
        "HRV_RMSSD", "HRV_SDSD", "HRV_CVNN", "HRV_CVSD", "HRV_MedianNN", "HRV_MadNN", "HRV_MCVNN", "HRV_IQRNN",
        "HRV_SDRMSSD", "HRV_Prc20NN", "HRV_Prc80NN", "HRV_pNN50", "HRV_pNN20", "HRV_MinNN", "HRV_MaxNN", "HRV_HTI",
    ]
    static let exactNonlinear = [
        "HRV_SD1", "HRV_SD2", "HRV_SD1SD2", "HRV_S", "HRV_CSI", "HRV_CVI", "HRV_CSI_Modified", "HRV_GI", "HRV_SI",
        "HRV_AI", "HRV_PI", "HRV_C1d", "HRV_C1a", "HRV_SD1d", "HRV_SD1a", "HRV_C2d", "HRV_C2a", "HRV_SD2d",
        "HRV_SD2a", "HRV_Cd", "HRV_Ca", "HRV_SDNNd", "HRV_SDNNa", "HRV_PIP", "HRV_IALS", "HRV_PSS", "HRV_PAS",
        "HRV_ShanEn",
    ]

    static let welchNames = [
        "HRV_ULF", "HRV_VLF", "HRV_LF", "HRV_HF", "HRV_VHF", "HRV_TP", "HRV_LFHF", "HRV_LFn", "HRV_HFn", "HRV_LnHF",
    ]

    static func checkWelch(_ rr: RRSeries, _ reference: [String: Any]) throws {
        let f = try HRVFrequency.features(rr, method: .welchNeuroKit)
        #expect(PhysioData.mismatches(f, reference, names: welchNames, rtol: 0.01) == [])
    }

    static func check(_ rr: RRSeries, time: [String: Any], nonlinear: [String: Any]) throws {
        let t = try HRVTime.features(rr)
        #expect(PhysioData.mismatches(t, time, names: exactTime, rtol: 1e-9) == [])
        let nl = try HRVNonlinear.features(rr)
        #expect(PhysioData.mismatches(nl, nonlinear, names: exactNonlinear, rtol: 1e-9) == [])
        #expect(PhysioData.mismatches(nl, nonlinear, names: ["HRV_SampEn", "HRV_ApEn"], rtol: 1e-6) == [])
        #expect(PhysioData.mismatches(nl, nonlinear, names: ["HRV_DFA_alpha1", "HRV_DFA_alpha2"], rtol: 0.01) == [])
    }

    @Test("MIT-BIH 100 annotated beats: time 1e-9, Poincaré 1e-9, SampEn/ApEn 1e-6, DFA 1 %")
    func annotatedBeats() throws {
        let ref = try PhysioData.json("reference/physio/ecg/mitdb100__hrv_raw__reference_annotations_all_beats.json")
        let nk = try #require(ref["neurokit2"] as? [String: Any])
        let rr = try RRSeries(peaks: PhysioData.mitdb100Beats(), sampleRate: 360)
        #expect(rr.count == 2272)
        try Self.check(
            rr, time: try #require(nk["time"] as? [String: Any]),
            nonlinear: try #require(nk["nonlinear"] as? [String: Any]))
    }

    @Test("NeuroKit2 default peaks on MIT-BIH 100: same tolerances")
    func nkPeaks() throws {
        let ref = try PhysioData.json("reference/physio/ecg/mitdb100__hrv_raw__nk_ecg_process_default_peaks.json")
        let nk = try #require(ref["neurokit2"] as? [String: Any])
        let peaks = try PhysioData.referencePeaks(record: "mitdb100", detector: "nk_ecg_process_default")
        let rr = try RRSeries(peaks: peaks, sampleRate: 360)
        try Self.check(
            rr, time: try #require(nk["time"] as? [String: Any]),
            nonlinear: try #require(nk["nonlinear"] as? [String: Any]))
    }

    @Test(
        "Shared RR/NN files (pyHRV, systole, BioSPPy): same tolerances",
        arguments: [
            ("pyhrv_short", "data/physio/pyhrv/pyhrv_SampleNNISeriesShort.csv", "nni_ms"),
            ("pyhrv_long", "data/physio/pyhrv/pyhrv_SampleNNISeriesLong.csv", "nni_ms"),
            ("systole_rr", "data/physio/systole/systole_rr.csv", "rr_ms"),
            ("biosppy_rri", "data/physio/biosppy/biosppy_rri.csv", "rri_ms"),
        ])
    func rrFiles(name: String, path: String, column: String) throws {
        let ref = try PhysioData.localJSON("nk_hrv_rr_series.json")
        let entry = try #require(ref[name] as? [String: Any])
        let rr = try RRSeries(intervalsMs: PhysioData.column(path, column))
        try Self.check(
            rr, time: try #require(entry["time"] as? [String: Any]),
            nonlinear: try #require(entry["nonlinear"] as? [String: Any]))
        try Self.checkWelch(rr, try #require(entry["freq_welch_abs"] as? [String: Any]))
    }

    @Test("Named options reproduce pyHRV's and HeartPy's SDSD and NeuroKit2's TINN")
    func namedOptions() throws {
        let ref = try PhysioData.json("reference/physio/ecg/mitdb100__hrv_raw__reference_annotations_all_beats.json")
        let py = try #require((ref["pyhrv"] as? [String: Any])?["time"] as? [String: Any])
        let nk = try #require((ref["neurokit2"] as? [String: Any])?["time"] as? [String: Any])
        let rr = try RRSeries(peaks: PhysioData.mitdb100Beats(), sampleRate: 360)
        var p = HRVParameters()
        p.sdsd = .pyhrv
        p.tinn = .neurokit
        let t = try HRVTime.features(rr, parameters: p)
        let sdsd = try #require((py["sdsd"] as? NSNumber)?.doubleValue)
        #expect(Tolerance.close(try #require(t[feature: "HRV_SDSD"]), sdsd, rtol: 1e-9))
        p.sdsd = .heartpy
        let hp = try #require(ref["heartpy"] as? [String: Any])
        let sdsdHP = try #require((hp["sdsd"] as? NSNumber)?.doubleValue)
        #expect(
            Tolerance.close(
                try #require(try HRVTime.features(rr, parameters: p)[feature: "HRV_SDSD"]), sdsdHP, rtol: 1e-9))
        let tinn = try #require((nk["HRV_TINN"] as? NSNumber)?.doubleValue)
        #expect(t[feature: "HRV_TINN"] == tinn)
        // Our default TINN has no error bound: a real triangle base, not NeuroKit2's 0.
        let tinnDefault = try #require(try HRVTime.features(rr)[feature: "HRV_TINN"])
        #expect(tinnDefault > 100 && tinnDefault < 600)
    }

    @Test("Too few intervals is an explicit error")
    func tooShort() throws {
        let rr = try RRSeries(intervalsMs: [800, 810])
        #expect(throws: PhysioError.self) { try HRVTime.features(rr) }
        #expect(throws: PhysioError.self) { try RRSeries(intervalsMs: [800, .nan, 700]) }
        #expect(throws: PhysioError.self) { try RRSeries(intervalsMs: [800, -5, 700]) }
    }
}

@Suite("Frequency-domain HRV: analytic tachogram")
struct HRVFrequencyTests {
    /// Intervals modulated at 0.25 Hz with amplitude 30 ms: HF power = 30²/2 = 450 ms², LF ≈ 0.
    @Test("A 0.25 Hz, ±30 ms modulation gives HF = 450 ms² within 5 % (Welch 4 Hz cubic and Lomb–Scargle)")
    func sineModulation() throws {
        var x: [Double] = []
        var t = 0.0
        while t < 600 {
            let v = 800 + 30 * sin(2 * Double.pi * 0.25 * t)
            x.append(v)
            t += v / 1000
        }
        let rr = try RRSeries(intervalsMs: x)
        for method in [HRVFrequency.Method.welch, .lombScargle] {
            let f = try HRVFrequency.features(rr, method: method)
            let hf = try #require(f[feature: "HRV_HF"])
            let lf = try #require(f[feature: "HRV_LF"])
            #expect(abs(hf / 450 - 1) < 0.05, "\(method.rawValue) HF \(hf)")
            #expect(lf < 0.02 * hf, "\(method.rawValue) LF \(lf)")
        }
    }
}
