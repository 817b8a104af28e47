import Foundation

/// Head pose of one frame: weak-perspective (scaled orthographic) camera.
///
/// Model: `p_i = s · R₂ · X_i + t`, with X_i the `MeanFace` point (inter-ocular units), R₂ the
/// first two rows of the rotation R = Rx(pitch)·Ry(yaw)·Rz(roll) (OpenFace's `pose_Rx/Ry/Rz`
/// convention: pitch about x, yaw about y, roll about z; image y down, so positive pitch tilts the
/// face down, positive yaw turns it to the image right), s pixels per inter-ocular unit, t pixels.
public struct HeadPose: Sendable, Equatable {
    /// Pixels per inter-ocular unit.
    public var scale: Double
    /// Row-major 3×3 rotation.
    public var rotation: [Double]
    public var tx: Double
    public var ty: Double

    public var pitchDegrees: Double { atan2(-rotation[5], rotation[8]) * 180 / .pi }
    public var yawDegrees: Double { asin(max(-1, min(1, rotation[2]))) * 180 / .pi }
    public var rollDegrees: Double { atan2(-rotation[1], rotation[0]) * 180 / .pi }
}

/// Fits `HeadPose` to 2D landmarks and removes it (frontalisation).
///
/// Fit (closed form, no iteration): with centred rigid model points X (k×3) and image points
/// P (k×2), the unconstrained affine camera is A = Pᵀ X (XᵀX)⁻¹ (2×3; (XᵀX)⁻¹ precomputed once).
/// The nearest scaled-orthographic camera is its polar factor: with M = A Aᵀ (2×2, symmetric
/// positive definite), √M = (M + √det M · I) / √(tr M + 2√det M), R₂ = (√M)⁻¹ A and
/// s = tr √M / 2 (mean singular value). The third row is r₃ = r₁ × r₂; t = P̄ − s R₂ X̄.
///
/// Frontalisation: the residual r_i = p_i − (s R₂ X_i + t) is lifted to the smallest 3D model
/// displacement that explains it, d_i = R₂ᵀ r_i / s, and the frontal point is X_i + d_i seen from
/// the front, i.e. (X_i,x + d_i,x, X_i,y + d_i,y), in inter-ocular units. Rigid head motion is
/// removed; non-rigid (expression) motion stays, slightly foreshortened at large yaw.
public struct PoseFitter: Sendable {
    let model: [Double]  // 68 × 3
    let rigid: [Int]
    let mean: (Double, Double, Double)
    let gramInverse: [Double]  // 3 × 3 of the centred rigid points

    /// Precomputes the model terms for `rigid` points of `MeanFace`.
    public init(rigidPoints: [Int] = MeanFace.rigidPoints) throws(FacialAUError) {
        guard rigidPoints.count >= 4, rigidPoints.allSatisfy({ (0..<68).contains($0) }) else {
            throw .invalidParameter(
                name: "rigidPoints", value: "\(rigidPoints)", expected: "at least 4 distinct indices in 0…67")
        }
        model = MeanFace.coordinates
        rigid = rigidPoints
        var m = (0.0, 0.0, 0.0)
        for i in rigid {
            m.0 += model[3 * i]
            m.1 += model[3 * i + 1]
            m.2 += model[3 * i + 2]
        }
        let k = Double(rigid.count)
        mean = (m.0 / k, m.1 / k, m.2 / k)
        var g = [Double](repeating: 0, count: 9)
        for i in rigid {
            let v = [model[3 * i] - mean.0, model[3 * i + 1] - mean.1, model[3 * i + 2] - mean.2]
            for a in 0..<3 { for b in 0..<3 { g[3 * a + b] += v[a] * v[b] } }
        }
        guard let inv = Self.inverse3(g) else {
            throw .invalidParameter(
                name: "rigidPoints", value: "\(rigidPoints)", expected: "points not all in one plane")
        }
        gramInverse = inv
    }

    static func inverse3(_ m: [Double]) -> [Double]? {
        let c00 = m[4] * m[8] - m[5] * m[7], c01 = m[5] * m[6] - m[3] * m[8], c02 = m[3] * m[7] - m[4] * m[6]
        let det = m[0] * c00 + m[1] * c01 + m[2] * c02
        guard abs(det) > 1e-12 else { return nil }
        let d = 1 / det
        return [
            c00 * d, (m[2] * m[7] - m[1] * m[8]) * d, (m[1] * m[5] - m[2] * m[4]) * d,
            c01 * d, (m[0] * m[8] - m[2] * m[6]) * d, (m[2] * m[3] - m[0] * m[5]) * d,
            c02 * d, (m[1] * m[6] - m[0] * m[7]) * d, (m[0] * m[4] - m[1] * m[3]) * d,
        ]
    }

    /// Fits the pose to 68 points given as flat x and y arrays starting at `offset`; nil if the
    /// points are degenerate (all coincident).
    public func fit(xs: [Double], ys: [Double], offset: Int = 0) -> HeadPose? {
        var px = 0.0, py = 0.0
        for i in rigid {
            px += xs[offset + i]
            py += ys[offset + i]
        }
        let k = Double(rigid.count)
        px /= k
        py /= k
        // B = Pᵀ X (2×3), centred.
        var b = [Double](repeating: 0, count: 6)
        for i in rigid {
            let u = xs[offset + i] - px, v = ys[offset + i] - py
            let X = model[3 * i] - mean.0, Y = model[3 * i + 1] - mean.1, Z = model[3 * i + 2] - mean.2
            b[0] += u * X
            b[1] += u * Y
            b[2] += u * Z
            b[3] += v * X
            b[4] += v * Y
            b[5] += v * Z
        }
        var a = [Double](repeating: 0, count: 6)
        for r in 0..<2 {
            for c in 0..<3 {
                a[3 * r + c] =
                    b[3 * r] * gramInverse[c] + b[3 * r + 1] * gramInverse[3 + c] + b[3 * r + 2] * gramInverse[6 + c]
            }
        }
        let m00 = a[0] * a[0] + a[1] * a[1] + a[2] * a[2]
        let m01 = a[0] * a[3] + a[1] * a[4] + a[2] * a[5]
        let m11 = a[3] * a[3] + a[4] * a[4] + a[5] * a[5]
        let det = m00 * m11 - m01 * m01
        guard det > 0, m00 + m11 > 0 else { return nil }
        let sd = det.squareRoot()
        let denom = (m00 + m11 + 2 * sd).squareRoot()
        // √M entries, then its inverse.
        let s00 = (m00 + sd) / denom, s01 = m01 / denom, s11 = (m11 + sd) / denom
        let sdet = s00 * s11 - s01 * s01
        let i00 = s11 / sdet, i01 = -s01 / sdet, i11 = s00 / sdet
        var r = [Double](repeating: 0, count: 9)
        for c in 0..<3 {
            r[c] = i00 * a[c] + i01 * a[3 + c]
            r[3 + c] = i01 * a[c] + i11 * a[3 + c]
        }
        r[6] = r[1] * r[5] - r[2] * r[4]
        r[7] = r[2] * r[3] - r[0] * r[5]
        r[8] = r[0] * r[4] - r[1] * r[3]
        let s = (s00 + s11) / 2
        let tx = px - s * (r[0] * mean.0 + r[1] * mean.1 + r[2] * mean.2)
        let ty = py - s * (r[3] * mean.0 + r[4] * mean.1 + r[5] * mean.2)
        return HeadPose(scale: s, rotation: r, tx: tx, ty: ty)
    }

    /// Writes the 68 frontalised points (inter-ocular units, `MeanFace` frame) of one frame into
    /// `fx`, `fy` starting at `outOffset`.
    public func frontalise(
        xs: [Double], ys: [Double], offset: Int, pose: HeadPose, into fx: inout [Double], _ fy: inout [Double],
        outOffset: Int
    ) {
        let r = pose.rotation
        let inv = 1 / pose.scale
        for i in 0..<68 {
            let X = model[3 * i], Y = model[3 * i + 1], Z = model[3 * i + 2]
            let ex = xs[offset + i] - (pose.scale * (r[0] * X + r[1] * Y + r[2] * Z) + pose.tx)
            let ey = ys[offset + i] - (pose.scale * (r[3] * X + r[4] * Y + r[5] * Z) + pose.ty)
            fx[outOffset + i] = X + (ex * r[0] + ey * r[3]) * inv
            fy[outOffset + i] = Y + (ex * r[1] + ey * r[4]) * inv
        }
    }
}
