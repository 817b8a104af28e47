/// Which file layout a landmark stream came from.
public enum LandmarkLayout: String, Codable, Sendable, CaseIterable {
    /// OpenFace 2.x FeatureExtraction CSV (current or older header layout), or any CSV with its
    /// `frame, timestamp, success, x_0…x_67, y_0…y_67` columns (dlib tracks written that way).
    case openface
    /// MediaPipe FaceMesh CSV: `frame, timestamp, success, x_0…x_477, y_0…y_477[, z_…]`, pixels.
    case mediapipe
    /// iBUG `.pts` (one image, 1-based coordinates).
    case pts
    /// menpo LJSON (one image, points stored as (y, x), 0-based).
    case ljson
}

/// A named per-frame series carried through from the input (e.g. OpenFace's own `AU12_r`).
public struct NamedSeries: Sendable, Equatable {
    public let name: String
    public let values: [Double]
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// A stream of 68-point (iBUG/OpenFace numbering) 2D facial landmarks, one face, with timestamps.
///
/// Shapes: `xs` and `ys` hold `frameCount × 68` pixel coordinates, frame-major
/// (`xs[f * 68 + i]` is point `i` of frame `f`, 0-based points, image y pointing down). MediaPipe's
/// 478 points are mapped to these 68 with `MediaPipeMapping.to68` when read.
/// `valid[f]` is false for failed or low-confidence frames: their coordinates are kept as read
/// (or NaN when absent) but every stage skips them and reports NaN there; nothing is interpolated.
/// `timestamps` are seconds, strictly increasing; `frameNumbers` are the file's 1-based frame numbers.
public struct LandmarkStream: Sendable {
    /// Points per frame in every stream (iBUG 68-point layout).
    public static let pointCount = 68

    public let source: String
    public let layout: LandmarkLayout
    /// Points per frame in the input before mapping (68 or 478).
    public let sourcePointCount: Int
    public let frameNumbers: [Int]
    public let timestamps: [Double]
    /// Detector confidence per frame (NaN where the input has none).
    public let confidence: [Double]
    public let valid: [Bool]
    public let xs: [Double]
    public let ys: [Double]
    /// The input's own per-frame outputs worth keeping (OpenFace `AUxx_r`, `pose_Rx/Ry/Rz`).
    public let toolSeries: [NamedSeries]

    public init(
        source: String, layout: LandmarkLayout, sourcePointCount: Int, frameNumbers: [Int], timestamps: [Double],
        confidence: [Double], valid: [Bool], xs: [Double], ys: [Double], toolSeries: [NamedSeries] = []
    ) throws(FacialAUError) {
        let n = frameNumbers.count
        guard n > 0 else { throw .noFaces(source: source) }
        guard timestamps.count == n, confidence.count == n, valid.count == n,
            xs.count == n * Self.pointCount, ys.count == n * Self.pointCount
        else {
            throw .malformed(
                source: source,
                detail: "inconsistent stream arrays (\(n) frames, \(timestamps.count) timestamps, \(xs.count) x values)"
            )
        }
        for f in 1..<max(n, 1) where !(timestamps[f] > timestamps[f - 1]) {
            throw .nonMonotonicTimestamps(source: source, row: f + 1, previous: timestamps[f - 1], value: timestamps[f])
        }
        self.source = source
        self.layout = layout
        self.sourcePointCount = sourcePointCount
        self.frameNumbers = frameNumbers
        self.timestamps = timestamps
        self.confidence = confidence
        self.valid = valid
        self.xs = xs
        self.ys = ys
        self.toolSeries = toolSeries
    }

    public var frameCount: Int { frameNumbers.count }
    public var validCount: Int { valid.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// Median frame interval in seconds (the nominal rate is its reciprocal); NaN for one frame.
    public var medianFrameInterval: Double {
        guard frameCount > 1 else { return .nan }
        var d = (1..<frameCount).map { timestamps[$0] - timestamps[$0 - 1] }
        d.sort()
        return d.count % 2 == 1 ? d[d.count / 2] : 0.5 * (d[d.count / 2 - 1] + d[d.count / 2])
    }

    /// The 68 points of frame `f` as (x, y) pairs.
    public func points(frame f: Int) -> [(x: Double, y: Double)] {
        (0..<Self.pointCount).map { (xs[f * Self.pointCount + $0], ys[f * Self.pointCount + $0]) }
    }
}
