import AffectTestSupport
import FacialAU
import Foundation
import Testing

@Suite struct PoseTests {
    @Test func procrustesRecoversAKnownSimilarity() throws {
        let src = (0..<68).map { Point2(x: MeanFace.coordinates[3 * $0], y: MeanFace.coordinates[3 * $0 + 1]) }
        let th = 0.3
        let dst = src.map {
            Point2(x: 2.5 * (cos(th) * $0.x - sin(th) * $0.y) + 7, y: 2.5 * (sin(th) * $0.x + cos(th) * $0.y) - 3)
        }
        let t = try Similarity2D.align(src, to: dst)
        #expect(abs(t.scale - 2.5) < 1e-12 && abs(atan2(t.sin, t.cos) - th) < 1e-12)
        #expect(abs(t.tx - 7) < 1e-12 && abs(t.ty + 3) < 1e-12)
    }

    @Test func weakPerspectiveFitIsExactOnTheModel() throws {
        let (xs, ys) = NoiseFreeFace.project(intensities: [:], pitch: 12, yaw: -25, roll: 8, identity: false)
        let pose = try #require(try PoseFitter().fit(xs: xs, ys: ys))
        #expect(
            abs(pose.pitchDegrees - 12) < 1e-9 && abs(pose.yawDegrees + 25) < 1e-9 && abs(pose.rollDegrees - 8) < 1e-9)
        #expect(abs(pose.scale - NoiseFreeFace.scale) < 1e-9)
    }

    /// Acceptance: head pose MAE ≤ 3° on the synthetic sequences (truth in `*_gt_au.csv`).
    @Test func poseMAEOnSyntheticSequences() throws {
        #expect(SyntheticAnalyses.all.count == 2)
        for (seq, a) in SyntheticAnalyses.all {
            for (col, est) in [("yaw_deg", a.yawDegrees), ("pitch_deg", a.pitchDegrees), ("roll_deg", a.rollDegrees)] {
                let g = try seq.truth.numbers(col)
                let mae = zip(est, g).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(g.count)
                print("pose \(seq.name) \(col) MAE \(mae) deg")
                #expect(mae <= 3, "\(seq.name) \(col) MAE \(mae)")
            }
        }
    }

    @Test func frontalisationRemovesHeadTurns() throws {
        // The same expression seen at yaw 0 and yaw 25: frontal points agree to < 0.01 IOD.
        let e: [ActionUnit: Double] = [.au12: 3, .au25: 2]
        let (x0, y0) = NoiseFreeFace.project(intensities: e, pitch: 0, yaw: 0, roll: 0, identity: false)
        let (x1, y1) = NoiseFreeFace.project(intensities: e, pitch: 5, yaw: 25, roll: -6, identity: false)
        let f = try PoseFitter()
        var a = [Double](repeating: 0, count: 68), b = a, c = a, d = a
        f.frontalise(xs: x0, ys: y0, offset: 0, pose: f.fit(xs: x0, ys: y0)!, into: &a, &b, outOffset: 0)
        f.frontalise(xs: x1, ys: y1, offset: 0, pose: f.fit(xs: x1, ys: y1)!, into: &c, &d, outOffset: 0)
        #expect(max(Tolerance.maxAbsDiff(a, c), Tolerance.maxAbsDiff(b, d)) < 0.01)
    }
}
