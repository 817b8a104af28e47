/// A 2D point (pixels or inter-ocular units, image y down).
public struct Point2: Sendable, Equatable, Codable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A 2D similarity transform `p ↦ s·R(θ)·p + t`.
///
/// `align(_:to:)` is the closed-form orthogonal Procrustes solution (Umeyama 1991, 2D case): with
/// centred point sets a (source) and b (target), `a·b = Σ (aₓbₓ + a_yb_y)`, `a×b = Σ (aₓb_y − a_ybₓ)`,
/// θ = atan2(a×b, a·b), s = √((a·b)² + (a×b)²) / Σ|a|², t = b̄ − s·R·ā. No reflection is allowed.
public struct Similarity2D: Sendable, Equatable {
    public var scale: Double
    /// cos θ and sin θ of the rotation.
    public var cos: Double
    public var sin: Double
    public var tx: Double
    public var ty: Double

    public func apply(_ p: Point2) -> Point2 {
        Point2(x: scale * (cos * p.x - sin * p.y) + tx, y: scale * (sin * p.x + cos * p.y) + ty)
    }

    /// The least-squares similarity mapping `source` onto `target` (same count, ≥ 2 distinct points).
    public static func align(_ source: [Point2], to target: [Point2]) throws(FacialAUError) -> Similarity2D {
        guard source.count == target.count, source.count >= 2 else {
            throw .mismatch(
                detail:
                    "Procrustes alignment needs two equal-length point sets of ≥ 2 points (got \(source.count) and \(target.count))"
            )
        }
        let n = Double(source.count)
        var ax = 0.0, ay = 0.0, bx = 0.0, by = 0.0
        for i in source.indices {
            ax += source[i].x
            ay += source[i].y
            bx += target[i].x
            by += target[i].y
        }
        ax /= n
        ay /= n
        bx /= n
        by /= n
        var dot = 0.0, cross = 0.0, norm = 0.0
        for i in source.indices {
            let px = source[i].x - ax, py = source[i].y - ay
            let qx = target[i].x - bx, qy = target[i].y - by
            dot += px * qx + py * qy
            cross += px * qy - py * qx
            norm += px * px + py * py
        }
        guard norm > 0 else { throw .mismatch(detail: "Procrustes alignment: all source points coincide") }
        let r = (dot * dot + cross * cross).squareRoot()
        let c = r > 0 ? dot / r : 1, s = r > 0 ? cross / r : 0
        let scale = r / norm
        return Similarity2D(
            scale: scale, cos: c, sin: s, tx: bx - scale * (c * ax - s * ay), ty: by - scale * (s * ax + c * ay))
    }
}
