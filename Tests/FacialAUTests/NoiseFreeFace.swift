import FacialAU
import Foundation
import SignalCore

/// A noise-free face generator for tests: the `MeanFace` plus, per AU, a FACS-informed 3D
/// displacement at intensity 5 (inter-ocular units), rotated by R = Rx(pitch)·Ry(yaw)·Rz(roll)
/// and projected orthographically at `scale` px per IOD. Its displacement patterns are written
/// here independently of the estimator's cues (they move several points each, as muscles do),
/// but by the same author: this checks the estimator without noise, not against an outside model.
enum NoiseFreeFace {
    static let scale = 120.0
    /// (points, dx, dy, dz) at intensity 5.
    static let basis: [ActionUnit: [([Int], Double, Double, Double)]] = [
        .au1: [([20, 21, 22, 23], 0, -0.08, 0), ([19, 24], 0, -0.04, 0)],
        .au2: [([17, 18, 25, 26], 0, -0.09, 0), ([19, 24], 0, -0.05, 0)],
        .au4: [([17, 18, 19, 24, 25, 26], 0, 0.05, 0), ([20, 21], 0.03, 0.07, 0), ([22, 23], -0.03, 0.07, 0)],
        .au5: [([37, 38, 43, 44], 0, -0.04, 0)],
        .au6: [([40, 41, 46, 47], 0, -0.03, 0), ([48, 54], 0, -0.01, 0)],
        .au7: [([40, 41, 46, 47], 0, -0.03, 0), ([37, 38, 43, 44], 0, 0.01, 0)],
        .au9: [([31, 32, 33, 34, 35], 0, -0.03, 0), ([50, 51, 52], 0, -0.01, 0)],
        .au10: [([49, 50, 51, 52, 53], 0, -0.05, 0), ([61, 62, 63], 0, -0.04, 0)],
        .au12: [
            ([48, 60], -0.04, -0.08, 0.02), ([54, 64], 0.04, -0.08, 0.02), ([49, 59], -0.02, -0.04, 0),
            ([53, 55], 0.02, -0.04, 0),
        ],
        .au14: [([48, 60], -0.03, 0, 0.02), ([54, 64], 0.03, 0, 0.02)],
        .au15: [([48, 60, 54, 64], 0, 0.08, 0), ([49, 53, 55, 59], 0, 0.03, 0)],
        .au17: [([56, 57, 58], 0, -0.06, 0), ([65, 66, 67], 0, -0.04, 0), ([7, 8, 9], 0, -0.04, 0)],
        .au20: [
            ([48, 60], -0.07, 0.01, 0), ([54, 64], 0.07, 0.01, 0), ([49, 59], -0.03, 0, 0), ([53, 55], 0.03, 0, 0),
        ],
        .au23: [
            ([50, 51, 52], 0, 0.02, 0), ([56, 57, 58], 0, -0.02, 0), ([48, 60], 0.02, 0, 0), ([54, 64], -0.02, 0, 0),
        ],
        .au25: [([65, 66, 67, 55, 56, 57, 58, 59], 0, 0.04, 0)],
        .au26: [
            ([5, 6, 10, 11], 0, 0.1, 0), ([7, 8, 9], 0, 0.15, 0), ([55, 56, 57, 58, 59, 65, 66, 67], 0, 0.12, 0),
        ],
        .au45: [([37, 38, 43, 44], 0, 0.09, 0), ([40, 41, 46, 47], 0, -0.01, 0)],
    ]

    /// A fixed per-subject identity perturbation (seeded, SD 0.015 IOD per coordinate).
    static let identityOffset: [Double] = {
        var g = SeededRandom(seed: 11)
        return (0..<(68 * 3)).map { _ in g.normal() * 0.015 }
    }()

    static func project(
        intensities: [ActionUnit: Double], pitch: Double, yaw: Double, roll: Double, identity: Bool = true,
        tx: Double = 320, ty: Double = 240
    ) -> ([Double], [Double]) {
        var p = MeanFace.coordinates
        if identity { for i in p.indices { p[i] += identityOffset[i] } }
        for (u, a) in intensities {
            for (pts, dx, dy, dz) in basis[u] ?? [] {
                for i in pts {
                    p[3 * i] += a / 5 * dx
                    p[3 * i + 1] += a / 5 * dy
                    p[3 * i + 2] += a / 5 * dz
                }
            }
        }
        let (x, y, z) = (pitch * .pi / 180, yaw * .pi / 180, roll * .pi / 180)
        let rx: [Double] = [1, 0, 0, 0, cos(x), -sin(x), 0, sin(x), cos(x)]
        let ry: [Double] = [cos(y), 0, sin(y), 0, 1, 0, -sin(y), 0, cos(y)]
        let rz: [Double] = [cos(z), -sin(z), 0, sin(z), cos(z), 0, 0, 0, 1]
        func mul(_ a: [Double], _ b: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: 9)
            for i in 0..<3 {
                for j in 0..<3 {
                    var acc = 0.0
                    for k in 0..<3 { acc += a[3 * i + k] * b[3 * k + j] }
                    out[3 * i + j] = acc
                }
            }
            return out
        }
        let r = mul(mul(rx, ry), rz)
        var xs = [Double](repeating: 0, count: 68), ys = xs
        for i in 0..<68 {
            xs[i] = scale * (r[0] * p[3 * i] + r[1] * p[3 * i + 1] + r[2] * p[3 * i + 2]) + tx
            ys[i] = scale * (r[3] * p[3 * i] + r[4] * p[3 * i + 1] + r[5] * p[3 * i + 2]) + ty
        }
        return (xs, ys)
    }

    /// A noise-free stream that follows a synthetic sequence's true AU intensities and pose.
    static func stream(following seq: SyntheticSequence) throws -> LandmarkStream {
        let t = try seq.truth.numbers("timestamp")
        let pitch = try seq.truth.numbers("pitch_deg"), yaw = try seq.truth.numbers("yaw_deg")
        let roll = try seq.truth.numbers("roll_deg")
        var truth: [ActionUnit: [Double]] = [:]
        for u in ActionUnit.allCases { truth[u] = try seq.truthAU(u) }
        var xs: [Double] = [], ys: [Double] = []
        for f in t.indices {
            var e: [ActionUnit: Double] = [:]
            for (u, v) in truth { e[u] = v[f] }
            let (x, y) = project(intensities: e, pitch: pitch[f], yaw: yaw[f], roll: roll[f])
            xs += x
            ys += y
        }
        return try LandmarkStream(
            source: seq.name + " noise-free", layout: .openface, sourcePointCount: 68, frameNumbers: Array(1...t.count),
            timestamps: t, confidence: t.map { _ in 1 }, valid: t.map { _ in true }, xs: xs, ys: ys)
    }
}
