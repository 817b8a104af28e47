import AffectTestSupport
import Experiments
import FacialAU
import Foundation
import SignalCore
import Tabular
import Testing

/// The FacialAU stage's geometric AU estimates recover the planted intensities of the synthetic
/// corpus (group A, good lighting): per-frame Pearson r ≥ 0.8 for AU12, AU25, AU26 and AU45. The
/// other "good"-visibility AUs are measured and printed, not asserted: with the stage's cues they
/// read r ≈ 0.61 (AU04: its vertical brow cue is countered by the generator's simultaneous AU01/AU02
/// brow raising), 0.46 (AU01), 0.79 (AU02), 0.73 (AU15), 0.40 (AU05), 0.19 (AU17) on this corpus.
@Suite("Synthetic corpus: FacialAU stage recovers planted AUs")
struct SyntheticFacialAUTests {
    @Test func facialAUStageCorrelatesWithPlantedIntensities() throws {
        let dir = SyntheticFixtures.recovery
        let truth = try SyntheticFixtures.truth(dir)
        let recs = try truth.strings("recording")
        let groups = try truth.strings("group")
        let groupA = Array(Set(recs.indices.filter { groups[$0] == "A" }.map { recs[$0] })).sorted()
        try #require(!groupA.isEmpty)
        let analyzer = try FaceAnalyzer()
        let units: [ActionUnit] = [.au1, .au2, .au4, .au5, .au12, .au15, .au17, .au25, .au26, .au45]
        var estimated: [ActionUnit: [Double]] = [:]
        var planted: [ActionUnit: [Double]] = [:]
        for rec in groupA {
            let text = try String(contentsOfFile: "\(dir)/\(rec)/face.csv", encoding: .utf8)
            let stream = try LandmarkReader.parseCSV(text: text, source: "\(rec)/face.csv")
            let analysis = try analyzer.analyse(stream)
            let gt = try CSVTable(contentsOfFile: "\(dir)/truth/\(rec)/au.csv")
            for unit in units {
                let series = try #require(analysis.series(unit))
                let p = try gt.numbers(unit.name + "_r")
                try #require(series.intensity.count == p.count)
                for (e, v) in zip(series.intensity, p) where e.isFinite {
                    estimated[unit, default: []].append(e)
                    planted[unit, default: []].append(v)
                }
            }
        }
        for unit in units {
            let r = Stats.pearson(estimated[unit] ?? [], planted[unit] ?? [])
            print("synthetic recovery: FacialAU \(unit.name) estimate vs planted r = \(r) (group A, good lighting)")
            if [.au12, .au25, .au26, .au45].contains(unit) {
                #expect(r >= 0.8, "\(unit.name): r = \(r)")
            }
        }
    }
}
