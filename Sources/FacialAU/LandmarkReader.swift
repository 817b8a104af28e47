import Foundation
import Tabular

/// How to read a landmark stream. Defaults suit OpenFace 2.x output.
public struct LandmarkReadOptions: Codable, Sendable, Equatable {
    /// Frames with `confidence` below this are masked (OpenFace confidence is 0–1; dlib HOG scores
    /// are larger, so 0.75 keeps every dlib detection). Frames without a confidence value are
    /// gated by `success` only. Default 0.75.
    public var minConfidence: Double = 0.75
    /// If set, timestamps are `(frame − 1) / fps` seconds instead of the file's `timestamp`
    /// column (for files whose timestamps are missing or wrong). Default nil (use the column).
    public var fps: Double? = nil
    /// Which face to keep when the file has a `face_id` column with several faces. Default 0.
    public var faceID: Int = 0

    public init(minConfidence: Double = 0.75, fps: Double? = nil, faceID: Int = 0) {
        self.minConfidence = minConfidence
        self.fps = fps
        self.faceID = faceID
    }

    /// Checks every field; the one place these options are validated.
    public func validated() throws(FacialAUError) -> Self {
        guard minConfidence.isFinite else {
            throw .invalidParameter(name: "minConfidence", value: "\(minConfidence)", expected: "a finite number")
        }
        if let f = fps, !(f.isFinite && f > 0) {
            throw .invalidParameter(name: "fps", value: "\(f)", expected: "a frame rate > 0 frames per second")
        }
        return self
    }
}

/// A single face's landmarks from one image (an annotation file or a detector output row).
public struct ImageLandmarks: Sendable, Equatable {
    /// Points as (x, y) pixels, 0-based image coordinates.
    public let points: [Point2]
    /// Detector confidence where the file has one, else NaN.
    public let confidence: Double
    public init(points: [Point2], confidence: Double = .nan) {
        self.points = points
        self.confidence = confidence
    }
}

/// Parsers from text to landmark values. File reading itself lives in the CLI / Experiments layer.
public enum LandmarkReader {
    /// Parses a landmark CSV: OpenFace 2.x FeatureExtraction output in either header layout
    /// (current: `frame, face_id, timestamp, confidence, success, …`; older: `", "` separators
    /// and no `face_id`), a dlib track written with OpenFace column names, or a MediaPipe 478-point
    /// CSV. `layout` nil chooses by the number of `x_*` columns (68 → openface, 478 → mediapipe).
    ///
    /// Required columns: `frame`, `timestamp` (unless `options.fps` is set), `success`,
    /// `x_0…x_{n−1}`, `y_0…y_{n−1}`; `confidence` and `face_id` are used when present. OpenFace's
    /// own `AUxx_r` and `pose_Rx/Ry/Rz` columns are kept as `toolSeries`.
    public static func parseCSV(
        text: String, source: String, layout: LandmarkLayout? = nil, options: LandmarkReadOptions = .init()
    ) throws(FacialAUError) -> LandmarkStream {
        let opts = try options.validated()
        let table: CSVTable
        do { table = try CSVTable(text: text, source: source, allowNoRows: true) } catch { throw .table(error) }
        return try stream(from: table, layout: layout, options: opts)
    }

    /// As `parseCSV`, from an already parsed table.
    public static func stream(
        from table: CSVTable, layout: LandmarkLayout? = nil, options: LandmarkReadOptions = .init()
    )
        throws(FacialAUError) -> LandmarkStream
    {
        let opts = try options.validated()
        let source = table.source
        let xCount = table.header.reduce(0) { $0 + ($1.hasPrefix("x_") && Int($1.dropFirst(2)) != nil ? 1 : 0) }
        let chosen: LandmarkLayout
        switch layout {
        case .some(.openface), .some(.mediapipe): chosen = layout!
        case .some(let other):
            throw .malformed(
                source: source, detail: "layout '\(other.rawValue)' is not a CSV layout; expected openface or mediapipe"
            )
        case .none:
            if xCount == 478 {
                chosen = .mediapipe
            } else if xCount == 68 {
                chosen = .openface
            } else if xCount == 0 {
                throw .missingColumns(
                    source: source, columns: ["x_0…", "y_0…"],
                    expected: "landmark columns x_0…x_67, y_0…y_67 (OpenFace) or x_0…x_477 (MediaPipe)")
            } else {
                throw .unsupportedPointCount(source: source, count: xCount)
            }
        }
        let n = chosen == .mediapipe ? 478 : 68
        var missing: [String] = []
        for name in ["frame", "success"] where !table.has(name) { missing.append(name) }
        if opts.fps == nil && !table.has("timestamp") { missing.append("timestamp") }
        for axis in ["x", "y"] {
            for i in 0..<n where !table.has("\(axis)_\(i)") { missing.append("\(axis)_\(i)") }
        }
        if !missing.isEmpty {
            throw .missingColumns(
                source: source, columns: missing,
                expected: chosen == .mediapipe
                    ? "MediaPipe columns frame, timestamp, success, x_0…x_477, y_0…y_477"
                    : "OpenFace columns frame, timestamp, success, x_0…x_67, y_0…y_67")
        }
        guard !table.rows.isEmpty else { throw .noFaces(source: source) }
        do {
            // Row selection: one face.
            var rowIndex = Array(table.rows.indices)
            if table.has("face_id") {
                let ids = try table.numbers("face_id")
                rowIndex = rowIndex.filter { Int(ids[$0]) == opts.faceID }
                guard !rowIndex.isEmpty else {
                    throw FacialAUError.malformed(
                        source: source, detail: "no rows with face_id \(opts.faceID); expected that face to be tracked")
                }
            }
            let frameAll = try table.numbers("frame")
            let successAll = try table.numbers("success", allowMissing: true)
            let confAll = table.has("confidence") ? try table.numbers("confidence", allowMissing: true) : nil
            let tsAll: [Double]
            if let fps = opts.fps {
                tsAll = frameAll.map { ($0 - 1) / fps }
            } else {
                tsAll = try table.numbers("timestamp")
            }
            let m = rowIndex.count
            let mapping: [Int] = chosen == .mediapipe ? MediaPipeMapping.to68 : Array(0..<68)
            var xs = [Double](repeating: .nan, count: m * 68)
            var ys = [Double](repeating: .nan, count: m * 68)
            for (k, src) in mapping.enumerated() {
                let cx = try table.numbers("x_\(src)", allowMissing: true)
                let cy = try table.numbers("y_\(src)", allowMissing: true)
                for (f, r) in rowIndex.enumerated() {
                    xs[f * 68 + k] = cx[r]
                    ys[f * 68 + k] = cy[r]
                }
            }
            var frames = [Int](repeating: 0, count: m)
            var ts = [Double](repeating: 0, count: m)
            var conf = [Double](repeating: .nan, count: m)
            var valid = [Bool](repeating: false, count: m)
            for (f, r) in rowIndex.enumerated() {
                frames[f] = Int(frameAll[r])
                ts[f] = tsAll[r]
                conf[f] = confAll?[r] ?? .nan
                var ok = successAll[r] == 1
                if ok && conf[f].isFinite && conf[f] < opts.minConfidence { ok = false }
                if ok {
                    for i in 0..<68 where !(xs[f * 68 + i].isFinite && ys[f * 68 + i].isFinite) {
                        ok = false
                        break
                    }
                }
                valid[f] = ok
            }
            for f in 1..<max(m, 1) where !(ts[f] > ts[f - 1]) {
                throw FacialAUError.nonMonotonicTimestamps(
                    source: source, row: rowIndex[f] + 1, previous: ts[f - 1], value: ts[f])
            }
            guard valid.contains(true) else {
                throw FacialAUError.allFramesFailed(source: source, frames: m, minConfidence: opts.minConfidence)
            }
            var tool: [NamedSeries] = []
            for name in table.header where (name.hasPrefix("AU") && name.hasSuffix("_r")) || name.hasPrefix("pose_R") {
                let v = try table.numbers(name, allowMissing: true)
                tool.append(NamedSeries(name: name, values: rowIndex.map { v[$0] }))
            }
            return try LandmarkStream(
                source: source, layout: chosen, sourcePointCount: n, frameNumbers: frames, timestamps: ts,
                confidence: conf, valid: valid, xs: xs, ys: ys, toolSeries: tool)
        } catch let e as FacialAUError {
            throw e
        } catch let e as TableError {
            throw .table(e)
        } catch {
            throw .malformed(source: source, detail: "\(error)")
        }
    }

    /// Parses an iBUG `.pts` file (`version: 1`, `n_points: N`, `{`, N lines `x y`, `}`), whose
    /// coordinates are 1-based (Matlab convention); the returned points are 0-based (x − 1, y − 1).
    public static func parsePTS(text: String, source: String) throws(FacialAUError) -> ImageLandmarks {
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close else {
            throw .malformed(source: source, detail: "no '{ … }' point block; expected the iBUG .pts layout")
        }
        var declared: Int? = nil
        for line in text[..<open].split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "n_points" { declared = Int(parts[1]) }
        }
        let numbers = text[text.index(after: open)..<close].split(whereSeparator: {
            $0 == " " || $0 == "\t" || $0.isNewline
        })
        var values: [Double] = []
        for token in numbers {
            guard let v = Double(token), v.isFinite else {
                throw .malformed(source: source, detail: "'\(token)' is not a finite coordinate")
            }
            values.append(v)
        }
        guard !values.isEmpty else { throw .noFaces(source: source) }
        guard values.count % 2 == 0 else {
            throw .malformed(source: source, detail: "\(values.count) numbers; expected x y pairs")
        }
        let pts = stride(from: 0, to: values.count, by: 2).map { Point2(x: values[$0] - 1, y: values[$0 + 1] - 1) }
        if let d = declared, d != pts.count {
            throw .malformed(source: source, detail: "n_points is \(d) but \(pts.count) points follow")
        }
        return ImageLandmarks(points: pts)
    }

    /// Parses a menpo LJSON file (version 1–3). Points are stored (y, x), 0-based; returned as (x, y).
    /// The first group with landmarks is used (menpo writes one, e.g. `"LJSON"` or `"PTS"`).
    public static func parseLJSON(text: String, source: String) throws(FacialAUError) -> ImageLandmarks {
        guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw .malformed(source: source, detail: "not a JSON object; expected menpo LJSON")
        }
        var raw: [Any]? = nil
        if let groups = root["groups"] as? [String: Any] {
            for key in groups.keys.sorted() {
                if let g = groups[key] as? [String: Any], let lm = g["landmarks"] as? [String: Any],
                    let p = lm["points"] as? [Any]
                {
                    raw = p
                    break
                }
            }
        } else if let lm = root["landmarks"] as? [String: Any] {
            raw = lm["points"] as? [Any]
        }
        guard let points = raw else {
            throw .malformed(source: source, detail: "no groups/*/landmarks/points array; expected menpo LJSON")
        }
        guard !points.isEmpty else { throw .noFaces(source: source) }
        var out: [Point2] = []
        for (i, p) in points.enumerated() {
            guard let yx = p as? [Double], yx.count >= 2, yx[0].isFinite, yx[1].isFinite else {
                throw .malformed(source: source, detail: "point \(i) is not a finite [y, x] pair")
            }
            out.append(Point2(x: yx[1], y: yx[0]))
        }
        return ImageLandmarks(points: out)
    }

    /// Parses an image-landmark CSV with one row per detected face: `face, [confidence,]
    /// x_0…x_{n−1}, y_0…y_{n−1}` (OpenFace FaceLandmarkImg style). Zero rows give an empty array
    /// (the detector found no face); 478-point rows are mapped to 68.
    public static func parseImageCSV(text: String, source: String) throws(FacialAUError) -> [ImageLandmarks] {
        let table: CSVTable
        do { table = try CSVTable(text: text, source: source, allowNoRows: true) } catch { throw .table(error) }
        let n = table.header.reduce(0) { $0 + ($1.hasPrefix("x_") && Int($1.dropFirst(2)) != nil ? 1 : 0) }
        guard n == 68 || n == 478 else {
            if n == 0 {
                throw .missingColumns(source: source, columns: ["x_0…", "y_0…"], expected: "x_0…x_67 and y_0…y_67")
            }
            throw .unsupportedPointCount(source: source, count: n)
        }
        let mapping = n == 478 ? MediaPipeMapping.to68 : Array(0..<68)
        do {
            let conf = table.has("confidence") ? try table.numbers("confidence", allowMissing: true) : nil
            var cols: [([Double], [Double])] = []
            for src in mapping { cols.append((try table.numbers("x_\(src)"), try table.numbers("y_\(src)"))) }
            return table.rows.indices.map { r in
                ImageLandmarks(points: cols.map { Point2(x: $0.0[r], y: $0.1[r]) }, confidence: conf?[r] ?? .nan)
            }
        } catch { throw .table(error) }
    }

    /// A one-frame stream from a single image's 68 points (for `.pts`/LJSON input to the analyser).
    public static func stream(image: ImageLandmarks, source: String, layout: LandmarkLayout) throws(FacialAUError)
        -> LandmarkStream
    {
        guard image.points.count == 68 else { throw .unsupportedPointCount(source: source, count: image.points.count) }
        return try LandmarkStream(
            source: source, layout: layout, sourcePointCount: 68, frameNumbers: [1], timestamps: [0],
            confidence: [image.confidence], valid: [true], xs: image.points.map(\.x), ys: image.points.map(\.y))
    }
}
