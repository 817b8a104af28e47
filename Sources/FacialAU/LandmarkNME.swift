/// Normalised mean error of landmarks against annotations.
///
/// NME = mean_i |p_i − g_i| / d, with d the annotation's outer-eye-corner distance |g_36 − g_45|
/// (the 300-W "inter-ocular" normalisation); `excludeJaw` averages over points 17–67 only.
/// Both shapes must be in the same 0-based pixel frame (`LandmarkReader` converts `.pts`' 1-based
/// coordinates and LJSON's (y, x) order).
public enum LandmarkNME {
    public static func nme(predicted: [Point2], annotated: [Point2], excludeJaw: Bool = false) throws(FacialAUError)
        -> Double
    {
        guard predicted.count == 68, annotated.count == 68 else {
            throw .mismatch(detail: "NME needs two 68-point shapes (got \(predicted.count) and \(annotated.count))")
        }
        let dx = annotated[36].x - annotated[45].x, dy = annotated[36].y - annotated[45].y
        let iod = (dx * dx + dy * dy).squareRoot()
        guard iod > 0 else { throw .mismatch(detail: "NME: the annotation's outer eye corners coincide") }
        let range = excludeJaw ? 17..<68 : 0..<68
        var s = 0.0
        for i in range {
            let ex = predicted[i].x - annotated[i].x, ey = predicted[i].y - annotated[i].y
            s += (ex * ex + ey * ey).squareRoot()
        }
        return s / Double(range.count) / iod
    }

    /// The detected face whose NME against `annotated` is smallest (the one the annotation is of),
    /// with that NME; nil when there is no detection.
    public static func bestMatch(detections: [ImageLandmarks], annotated: [Point2]) throws(FacialAUError)
        -> (index: Int, nme: Double)?
    {
        var best: (Int, Double)? = nil
        for (i, d) in detections.enumerated() {
            let v = try nme(predicted: d.points, annotated: annotated)
            if best == nil || v < best!.1 { best = (i, v) }
        }
        return best
    }
}
