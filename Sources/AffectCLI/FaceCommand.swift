import ArgumentParser
import FacialAU
import Foundation
import SignalCore
import Tabular

/// `affect face FILE` and `affect face evaluate PRED GT`.
struct FaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "face",
        abstract: "Head pose, geometric AU estimates, blinks and spotted expressions from a landmark stream.",
        discussion: """
            Input: OpenFace 2.x FeatureExtraction CSV (either header layout), a dlib track with OpenFace columns,
            a MediaPipe 478-point CSV, an iBUG .pts or a menpo .ljson file. AU values are geometric estimates
            (0-5) with a visibility grade per AU; they are indicators of facial movement, not of emotion.
            """,
        subcommands: [Analyse.self, Evaluate.self],
        defaultSubcommand: Analyse.self)

    enum Layout: String, ExpressibleByArgument, CaseIterable {
        case openface, mediapipe, pts, ljson
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, csv
    }

    struct Analyse: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analyse",
            abstract: "Analyse one landmark file (the default: `affect face FILE`).",
            discussion: """
                JSON (default) holds pose summaries, per-AU summaries, blinks, rejected blink candidates and
                spotted intervals (frames 1-based, as MEGC). CSV prints the intervals and blinks in the MEGC
                ground-truth layout (video,type,onset_frame,apex_frame,offset_frame,duration_s,aus,peak), which
                `affect face evaluate` reads.
                """)

        @Argument(help: "Landmark file (.csv, .pts, .ljson).") var file: String
        @Option(help: "Input layout (default: by extension; CSVs by their number of x_ columns).") var layout: Layout?
        @Option(help: "Frame rate: timestamps become (frame - 1) / fps instead of the file's timestamp column.")
        var fps: Double?
        @Option(help: "Output format.") var format: Format = .json
        @Option(help: "Also write per-frame pose and AU intensities to this CSV (empty cells for masked frames).")
        var framesCsv: String?
        @Option(help: "Declared neutral time range START:END in seconds for the per-person baseline.")
        var neutral: String?
        @Option(help: "Frames with confidence below this are masked.") var minConfidence: Double = 0.75
        @Option(help: "Video name written in the CSV output's video column (default: the file name without extension).")
        var video: String?

        func run() throws {
            try userFacing {
                let options = LandmarkReadOptions(minConfidence: minConfidence, fps: fps)
                let stream = try readStream(options: options)
                let range = try parseNeutral()
                let analyzer = try FaceAnalyzer()
                let analysis = try analyzer.analyse(stream, neutral: range)
                log(
                    "\(file): \(stream.frameCount) frames, \(stream.validCount) valid, \(analysis.blinks.count) blinks, \(analysis.intervals.count) intervals"
                )
                for note in analysis.notes { log("note: \(note)") }
                if let path = framesCsv {
                    try AtomicFile.write(FaceReport.framesCSV(analysis), to: path)
                    log("wrote \(path)")
                }
                switch format {
                case .json:
                    emit(
                        FaceReport.json(analysis, stream: stream, input: file, options: options, neutral: range)
                            .rendered())
                case .csv:
                    emit(FaceReport.intervalsCSV(analysis, video: video ?? FaceReport.videoName(file)))
                }
            }
        }

        func readStream(options: LandmarkReadOptions) throws -> LandmarkStream {
            let ext = URL(fileURLWithPath: file).pathExtension.lowercased()
            let chosen = layout ?? (ext == "pts" ? .pts : ext == "ljson" || ext == "json" ? .ljson : nil)
            guard FileManager.default.fileExists(atPath: file) else {
                throw CLIError("\(file): no such file; expected a landmark CSV, .pts or .ljson file")
            }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CLIError("\(file): cannot be read as UTF-8 text")
            }
            switch chosen {
            case .pts:
                return try LandmarkReader.stream(
                    image: try LandmarkReader.parsePTS(text: text, source: file), source: file, layout: .pts)
            case .ljson:
                return try LandmarkReader.stream(
                    image: try LandmarkReader.parseLJSON(text: text, source: file), source: file, layout: .ljson)
            case .openface:
                return try LandmarkReader.parseCSV(text: text, source: file, layout: .openface, options: options)
            case .mediapipe:
                return try LandmarkReader.parseCSV(text: text, source: file, layout: .mediapipe, options: options)
            case nil:
                return try LandmarkReader.parseCSV(text: text, source: file, layout: nil, options: options)
            }
        }

        func parseNeutral() throws -> ClosedRange<Double>? {
            guard let s = neutral else { return nil }
            let parts = s.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let a = parts[0], let b = parts[1], a.isFinite, b.isFinite, a <= b else {
                throw CLIError("--neutral \(s): expected START:END in seconds with START <= END, e.g. 0:2.5")
            }
            return a...b
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "MEGC spotting evaluation: interval IoU >= threshold, pooled precision, recall and F1.",
            discussion: """
                PRED and GT are interval CSVs (video,type,onset_frame,apex_frame,offset_frame; the synthetic
                *_gt_intervals.csv layout and `affect face --format csv` output) or, for PRED, the JSON of
                `affect face`. Without a video column (or from JSON), PRED is taken to be about GT's single video.
                """)

        @Argument(help: "Predicted intervals (CSV or `affect face` JSON).") var predicted: String
        @Argument(help: "Ground-truth intervals (CSV).") var truth: String
        @Option(help: "IoU threshold for a true positive.") var iou: Double = 0.5

        func run() throws {
            try userFacing {
                guard iou > 0, iou <= 1 else { throw CLIError("--iou \(iou): expected 0 < IoU <= 1") }
                let gt = try MEGCEvaluator.parseIntervals(text: try Self.read(truth), source: truth)
                var pred = try Self.readPredicted(predicted)
                let videos = Set(gt.map(\.video))
                let predVideos = Set(pred.map(\.video))
                if predVideos.count == 1, videos.count == 1, let pv = predVideos.first, !pv.isEmpty,
                    let gv = videos.first, pv != gv
                {
                    log(
                        "note: \(predicted) names video '\(pv)' and \(truth) '\(gv)'; evaluating them as the same video"
                    )
                    pred = pred.map {
                        LabelledInterval(
                            video: gv, type: $0.type, onsetFrame: $0.onsetFrame, apexFrame: $0.apexFrame,
                            offsetFrame: $0.offsetFrame)
                    }
                }
                if pred.contains(where: { $0.video.isEmpty }) {
                    guard videos.count == 1, let v = videos.first else {
                        throw CLIError(
                            "\(predicted): intervals have no video name but \(truth) holds \(videos.count) videos; expected a video column"
                        )
                    }
                    pred = pred.map {
                        LabelledInterval(
                            video: $0.video.isEmpty ? v : $0.video, type: $0.type, onsetFrame: $0.onsetFrame,
                            apexFrame: $0.apexFrame, offsetFrame: $0.offsetFrame)
                    }
                }
                func block(_ type: String?) -> JSONValue {
                    let s = MEGCEvaluator.score(predicted: pred, truth: gt, type: type, threshold: iou)
                    return .obj([
                        ("true_positives", .integer(s.truePositives)), ("false_positives", .integer(s.falsePositives)),
                        ("false_negatives", .integer(s.falseNegatives)), ("precision", .number(s.precision)),
                        ("recall", .number(s.recall)), ("f1", .number(s.f1)),
                    ])
                }
                let spotting = ["micro", "macro"]
                let predSpot = pred.filter { spotting.contains($0.type) }
                let gtSpot = gt.filter { spotting.contains($0.type) }
                let overall = MEGCEvaluator.score(predicted: predSpot, truth: gtSpot, type: nil, threshold: iou)
                let json: JSONValue = .obj([
                    ("schema", .string("affect.face.evaluate.v1")),
                    ("input", .obj([("predicted", .string(predicted)), ("truth", .string(truth))])),
                    (
                        "parameters",
                        .obj([
                            ("iou_threshold", .number(iou)),
                            ("matching", .string("greedy by IoU, one-to-one, per video and type")),
                        ])
                    ),
                    ("micro", block("micro")), ("macro", block("macro")),
                    (
                        "overall",
                        .obj([
                            ("true_positives", .integer(overall.truePositives)),
                            ("false_positives", .integer(overall.falsePositives)),
                            ("false_negatives", .integer(overall.falseNegatives)),
                            ("precision", .number(overall.precision)),
                            ("recall", .number(overall.recall)), ("f1", .number(overall.f1)),
                        ])
                    ),
                ])
                emit(json.rendered())
            }
        }

        static func read(_ path: String) throws -> String {
            guard let t = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CLIError(
                    FileManager.default.fileExists(atPath: path)
                        ? "\(path): cannot be read as UTF-8 text" : "\(path): no such file; expected an interval CSV")
            }
            return t
        }

        static func readPredicted(_ path: String) throws -> [LabelledInterval] {
            let text = try read(path)
            guard text.drop(while: { $0.isWhitespace }).first == "{" else {
                return try MEGCEvaluator.parseIntervals(text: text, source: path)
            }
            guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                let items = root["intervals"] as? [[String: Any]]
            else {
                throw CLIError("\(path): JSON without an \"intervals\" array; expected the output of `affect face`")
            }
            return try items.enumerated().map { (i, d) in
                guard let t = d["type"] as? String, let on = d["onset"] as? Int, let ap = d["apex"] as? Int,
                    let off = d["offset"] as? Int
                else {
                    throw CLIError(
                        "\(path): interval \(i + 1) lacks type/onset/apex/offset; expected `affect face` JSON")
                }
                return LabelledInterval(video: "", type: t, onsetFrame: on, apexFrame: ap, offsetFrame: off)
            }
        }
    }
}

/// Renders a `FaceAnalysis` as the command's JSON and CSV outputs.
enum FaceReport {
    static func videoName(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    static func summary(_ v: [Double]) -> JSONValue {
        let x = v.filter { $0.isFinite }
        guard !x.isEmpty else { return .obj([("mean", .null), ("sd", .null), ("min", .null), ("max", .null)]) }
        return .obj([
            ("mean", .number(Stats.mean(x))), ("sd", .number(x.count > 1 ? Stats.sd(x) : .nan)),
            ("min", .number(x.min()!)), ("max", .number(x.max()!)),
        ])
    }

    static func json(
        _ a: FaceAnalysis, stream: LandmarkStream, input: String, options: LandmarkReadOptions,
        neutral: ClosedRange<Double>?
    ) -> JSONValue {
        let p = a.parameters
        let params: JSONValue = .obj([
            ("layout", .string(stream.layout.rawValue)), ("source_points", .integer(stream.sourcePointCount)),
            ("min_confidence", .number(options.minConfidence)), ("fps", options.fps.map { .number($0) } ?? .null),
            (
                "baseline",
                .string(
                    neutral.map { "median over declared neutral frames \($0.lowerBound)-\($0.upperBound) s" }
                        ?? "median over all valid frames")
            ),
            ("smoothing_s", .number(p.smoothingSeconds)), ("threshold_sigma", .number(p.thresholdSigma)),
            ("blink_closure_fraction", .number(p.blinkClosureFraction)),
            ("blink_seconds", .numbers([p.blinkMinSeconds, p.blinkMaxSeconds])),
            ("guard_smile_intensity", .number(p.guardSmileIntensity)),
            ("guard_upper_lid_drop", .number(p.guardUpperLidDrop)), ("spot_threshold", .number(p.spotThreshold)),
            ("micro_max_s", .number(p.microMaxSeconds)), ("active_intensity", .number(p.activeIntensity)),
        ])
        let whole = Dictionary(
            uniqueKeysWithValues: a.functionals(start: -Double.infinity, end: Double.infinity).map {
                ($0.name, $0.value)
            })
        var au: [(String, JSONValue)] = []
        for s in a.units {
            let u = s.unit
            au.append(
                (
                    u.name,
                    .obj([
                        ("visibility", .string(u.visibility.rawValue)), ("cue", .string(u.cue)),
                        ("mean", .number(whole["\(u.name)_r_mean"] ?? .nan)),
                        ("max", .number(whole["\(u.name)_r_max"] ?? .nan)),
                        ("pct_active", .number(whole["\(u.name)_r_pct_active"] ?? .nan)),
                        ("onsets", .number(whole["\(u.name)_r_onsets"] ?? .nan)),
                        ("baseline_iod", .number(s.baseline)), ("noise_iod", .number(s.noise)),
                    ])
                ))
        }
        func blink(_ b: Blink) -> JSONValue {
            var pairs: [(String, JSONValue)] = [
                ("onset", .integer(b.onsetFrame)), ("apex", .integer(b.apexFrame)), ("offset", .integer(b.offsetFrame)),
                ("onset_s", .number(b.onsetTime)), ("duration_s", .number(b.durationSeconds)),
                ("min_ear_ratio", .number(b.minimumEARRatio)),
            ]
            if let r = b.rejection { pairs.append(("rejected_because", .string(r))) }
            return .obj(pairs)
        }
        let interval = a.intervals.map { i -> JSONValue in
            .obj([
                ("type", .string(i.kind.rawValue)), ("onset", .integer(i.onsetFrame)), ("apex", .integer(i.apexFrame)),
                ("offset", .integer(i.offsetFrame)), ("onset_s", .number(i.onsetTime)),
                ("offset_s", .number(i.offsetTime)),
                ("peak", .number(i.peak)), ("aus", .array(i.units.map { .string($0) })),
            ])
        }
        return .obj([
            ("schema", .string("affect.face.v1")), ("input", .string(input)), ("parameters", params),
            ("frames", .integer(stream.frameCount)), ("valid_frames", .integer(a.valid.filter { $0 }.count)),
            ("frame_rate_hz", .number(1 / stream.medianFrameInterval)),
            (
                "pose",
                .obj([
                    ("yaw_deg", summary(a.yawDegrees)), ("pitch_deg", summary(a.pitchDegrees)),
                    ("roll_deg", summary(a.rollDegrees)),
                ])
            ),
            ("au", .obj(au)), ("blinks", .array(a.blinks.map(blink))),
            ("blink_rate_per_min", .number(whole["blink_rate_per_min"] ?? .nan)),
            ("rejected_blinks", .array(a.rejectedBlinks.map(blink))), ("intervals", .array(interval)),
            ("notes", .array(a.notes.map { .string($0) })),
        ])
    }

    static func intervalsCSV(_ a: FaceAnalysis, video: String) -> String {
        var rows: [(Int, [String])] = a.intervals.map { i in
            (
                i.onsetFrame,
                [
                    video, i.kind.rawValue, "\(i.onsetFrame)", "\(i.apexFrame)", "\(i.offsetFrame)",
                    String(format: "%.3f", i.offsetTime - i.onsetTime), i.units.joined(separator: "+"),
                    String(format: "%.2f", i.peak),
                ]
            )
        }
        rows += a.blinks.map { b in
            (
                b.onsetFrame,
                [
                    video, "blink", "\(b.onsetFrame)", "\(b.apexFrame)", "\(b.offsetFrame)",
                    String(format: "%.3f", b.durationSeconds), "AU45", "",
                ]
            )
        }
        rows.sort { $0.0 < $1.0 }
        return CSVWriting.text(
            header: ["video", "type", "onset_frame", "apex_frame", "offset_frame", "duration_s", "aus", "peak"],
            rows: rows.map(\.1))
    }

    static func framesCSV(_ a: FaceAnalysis) -> String {
        let header =
            ["frame", "timestamp", "yaw_deg", "pitch_deg", "roll_deg"] + ActionUnit.allCases.map { "\($0.name)_r" }
        var rows: [[String]] = []
        rows.reserveCapacity(a.frameNumbers.count)
        for f in a.frameNumbers.indices {
            var r = ["\(a.frameNumbers[f])", "\(a.timestamps[f])"]
            let ok = a.valid[f]
            r += [a.yawDegrees[f], a.pitchDegrees[f], a.rollDegrees[f]].map { ok ? CSVWriting.cell($0) : "" }
            for u in ActionUnit.allCases {
                let v = a.series(u)?.intensity[f] ?? .nan
                r.append(ok ? CSVWriting.cell(v) : "")
            }
            rows.append(r)
        }
        return CSVWriting.text(header: header, rows: rows)
    }
}
