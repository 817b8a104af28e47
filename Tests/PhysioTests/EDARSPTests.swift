import AffectTestSupport
import Foundation
import Physio
import SignalCore
import Testing

@Suite("EDA and respiration vs NeuroKit2 0.2.13 defaults")
struct EDARSPTests {
    @Test("BioSPPy EDA: SCR count and mean amplitude within 10 % of NeuroKit2 (highpass default)")
    func eda() throws {
        let ref = try PhysioData.json("reference/physio/eda/eda_summary.json")
        let nk = try #require(
            (((ref["biosppy_eda"] as? [String: Any])?["neurokit2"] as? [String: Any])?["default"] as? [String: Any])?[
                "intervalrelated"] as? [String: Any])
        let x = try PhysioData.column("data/physio/biosppy/biosppy_eda.csv", "eda_adu")
        let a = try EDA.process(try Signal(samples: x, sampleRate: 1000))
        let f = EDA.features(a)
        let n = try #require(f[feature: "SCR_Peaks_N"])
        let amp = try #require(f[feature: "SCR_Peaks_Amplitude_Mean"])
        let refN = try #require((nk["SCR_Peaks_N"] as? NSNumber)?.doubleValue)
        let refAmp = try #require((nk["SCR_Peaks_Amplitude_Mean"] as? NSNumber)?.doubleValue)
        let refTonic = try #require((nk["EDA_Tonic_SD"] as? NSNumber)?.doubleValue)
        print(
            "EDA: SCR \(n) vs \(refN), amplitude \(amp) vs \(refAmp), tonic SD \(f[feature: "EDA_Tonic_SD"] ?? .nan) vs \(refTonic)"
        )
        #expect(abs(n - refN) <= 0.1 * refN)
        #expect(abs(amp / refAmp - 1) <= 0.1)
        #expect(abs((f[feature: "EDA_Tonic_SD"] ?? .nan) / refTonic - 1) <= 0.01)
    }

    @Test("BioSPPy respiration: mean rate within 0.5 breaths/min of NeuroKit2 (khodadad2018)")
    func rsp() throws {
        let ref = try PhysioData.json("reference/physio/rsp/rsp_summary.json")
        let nk = try #require(
            ((ref["biosppy_resp"] as? [String: Any])?["neurokit2"] as? [String: Any])?["khodadad2018"] as? [String: Any]
        )
        let refRate = try #require((nk["rate_mean_bpm"] as? NSNumber)?.doubleValue)
        let refPeaks = try #require(nk["peaks"] as? [Int])
        let x = try PhysioData.column("data/physio/biosppy/biosppy_resp.csv", "resp_adu")
        let a = try RSP.process(try Signal(samples: x, sampleRate: 1000))
        let f = RSP.features(a)
        let rate = try #require(f[feature: "RSP_Rate_Mean"])
        let m = BeatMatch.compare(detected: a.peaks, reference: refPeaks, sampleRate: 1000, toleranceMs: 500)
        print(
            "RSP: rate \(rate) vs \(refRate); breaths \(a.peaks.count) vs \(refPeaks.count), F1 \(m.f1); MeanBB \(f[feature: "RRV_MeanBB"] ?? .nan)"
        )
        #expect(abs(rate - refRate) <= 0.5)
        #expect(m.f1 >= 0.9)
    }
}
