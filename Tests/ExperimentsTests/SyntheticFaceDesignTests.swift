import AffectTestSupport
import Foundation
import SignalCore
import Tabular
import Testing

@testable import Experiments
@testable import FacialAU

/// Why the generator's faces are readable by the FacialAU stage's single-cue estimates: the
/// measured cross-talk of each displacement basis on each cue, and the planted-intensity design
/// (displays on two tracks, neutral most of the time). Datasets/synthetic/README.md quotes these.
@Suite("Synthetic corpus: face design against the FacialAU cues")
struct SyntheticFaceDesignTests {
    static let good = ActionUnit.allCases.filter { $0.visibility == .good }

    /// Apparent intensity on the cue of `unit` when the generator's basis `k` is applied at
    /// intensity 5 to the neutral frontal shape (no pose, no noise).
    static func crossTalk(basis k: Int, cue unit: ActionUnit) -> Double {
        let x0 = FaceSynthesis.neutralX
        let y0 = FaceSynthesis.neutralY
        var x = x0
        var y = y0
        for i in 0..<68 {
            x[i] += FaceSynthesis.dense[k][i].0
            y[i] += FaceSynthesis.dense[k][i].1
        }
        func cue(_ x: [Double], _ y: [Double]) -> Double {
            x.withUnsafeBufferPointer { bx in
                y.withUnsafeBufferPointer { by in unit.cue(bx.baseAddress!, by.baseAddress!) }
            }
        }
        return (cue(x, y) - cue(x0, y0)) / unit.fullScale * 5
    }

    @Test func crossTalkOfTheDisplacementBases() {
        let names = FaceSynthesis.auNames
        print("synthetic face: basis \\ cue " + Self.good.map(\.name).joined(separator: " "))
        for (k, name) in names.enumerated() {
            let row = Self.good.map { String(format: "%6.2f", Self.crossTalk(basis: k, cue: $0)) }
            print("synthetic face: \(name) " + row.joined(separator: " "))
        }
        let jaw = names.firstIndex(of: "AU26")!
        let lips = names.firstIndex(of: "AU25")!
        // Lip corners follow the opening: an open mouth does not read as a smile or a frown.
        for k in [jaw, lips] {
            for unit in [ActionUnit.au12, .au15] {
                #expect(abs(Self.crossTalk(basis: k, cue: unit)) < 0.5, "\(names[k]) on \(unit.name)")
            }
        }
        // Every AU reads itself.
        for unit in Self.good where unit != .au20 {
            #expect(Self.crossTalk(basis: names.firstIndex(of: unit.name)!, cue: unit) > 2.5, "\(unit.name)")
        }
    }

    @Test func displaysDoNotOverlapAndFacesAreMostlyNeutral() throws {
        let dir = SyntheticFixtures.recovery
        let recs = Array(Set(try SyntheticFixtures.truth(dir).strings("recording"))).sorted()
        var planted: [String: [Double]] = [:]
        for rec in recs {
            let gt = try CSVTable(contentsOfFile: "\(dir)/truth/\(rec)/au.csv")
            for n in FaceSynthesis.auNames { planted[n, default: []] += try gt.numbers(n + "_r") }
        }
        let frames = planted["AU01"]?.count ?? 0
        try #require(frames > 0)
        // Opposing actions on the same points never overlap: brow raise vs lower, smile vs depress.
        for (p, q) in [("AU01", "AU04"), ("AU02", "AU04"), ("AU12", "AU15"), ("AU05", "AU07")] {
            let both = (0..<frames).filter { planted[p]![$0] > 0 && planted[q]![$0] > 0 }.count
            #expect(both == 0, "\(p) and \(q) together in \(both) frames")
        }
        // Good AUs (AU25 aside: lips parted by speech and arousal) are active in under half of the
        // frames, so a recording's median is the neutral face (the FacialAU stage's baseline).
        // Displays: 8–33 %; AU26 (speech) ≈ 45 %.
        for unit in Self.good where unit != .au25 && unit != .au20 {
            let active = Double(planted[unit.name]!.filter { $0 > 0 }.count) / Double(frames)
            print("synthetic face: \(unit.name) planted non-zero in \(100 * active) % of frames")
            #expect(active < 0.5, "\(unit.name) active in \(100 * active) % of frames")
        }
        let r14 = Stats.pearson(planted["AU01"]!, planted["AU04"]!)
        let r1517 = Stats.pearson(planted["AU15"]!, planted["AU17"]!)
        print("synthetic face: planted r AU01–AU04 \(r14), AU15–AU17 \(r1517)")
    }
}
