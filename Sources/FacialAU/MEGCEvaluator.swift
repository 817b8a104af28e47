import Tabular

/// One labelled interval for evaluation: a video name, a type and 1-based frames.
public struct LabelledInterval: Sendable, Equatable {
    public let video: String
    public let type: String
    public let onsetFrame: Int
    public let apexFrame: Int
    public let offsetFrame: Int
    public init(video: String, type: String, onsetFrame: Int, apexFrame: Int, offsetFrame: Int) {
        self.video = video
        self.type = type
        self.onsetFrame = onsetFrame
        self.apexFrame = apexFrame
        self.offsetFrame = offsetFrame
    }
}

/// Counts and scores of one interval type (or all types pooled).
public struct SpottingScore: Sendable, Equatable {
    public let truePositives: Int
    public let falsePositives: Int
    public let falseNegatives: Int
    /// TP / (TP + FP); NaN with no predictions.
    public var precision: Double {
        truePositives + falsePositives == 0 ? .nan : Double(truePositives) / Double(truePositives + falsePositives)
    }
    /// TP / (TP + FN); NaN with no ground truth.
    public var recall: Double {
        truePositives + falseNegatives == 0 ? .nan : Double(truePositives) / Double(truePositives + falseNegatives)
    }
    /// 2 TP / (2 TP + FP + FN); NaN when all three are zero.
    public var f1: Double {
        let d = 2 * truePositives + falsePositives + falseNegatives
        return d == 0 ? .nan : Double(2 * truePositives) / Double(d)
    }
}

/// The MEGC spotting evaluation (Micro-Expression Grand Challenge, e.g. MEGC 2020–2023 spotting
/// protocol; Li et al. 2020): a predicted interval is a true positive when its intersection over
/// union with an unmatched ground-truth interval of the same video and type is ≥ 0.5, frames
/// counted inclusively (IoU = |P ∩ G| / |P ∪ G| with |[a, b]| = b − a + 1). Matching is greedy by
/// IoU, one-to-one. Counts are pooled over videos; "overall" pools micro and macro.
public enum MEGCEvaluator {
    /// Frames-inclusive IoU of two intervals.
    public static func iou(_ a: (Int, Int), _ b: (Int, Int)) -> Double {
        let inter = min(a.1, b.1) - max(a.0, b.0) + 1
        guard inter > 0 else { return 0 }
        let union = (a.1 - a.0 + 1) + (b.1 - b.0 + 1) - inter
        return Double(inter) / Double(union)
    }

    /// Scores `predicted` against `truth` for one type (nil: all types, matched only within a type).
    public static func score(
        predicted: [LabelledInterval], truth: [LabelledInterval], type: String?, threshold: Double = 0.5
    ) -> SpottingScore {
        let p = predicted.filter { type == nil || $0.type == type }
        let g = truth.filter { type == nil || $0.type == type }
        var pairs: [(Double, Int, Int)] = []
        for (i, a) in p.enumerated() {
            for (j, b) in g.enumerated() where a.video == b.video && a.type == b.type {
                let v = iou((a.onsetFrame, a.offsetFrame), (b.onsetFrame, b.offsetFrame))
                if v >= threshold { pairs.append((v, i, j)) }
            }
        }
        pairs.sort { ($0.0, -$0.1, -$0.2) > ($1.0, -$1.1, -$1.2) }
        var usedP = Set<Int>(), usedG = Set<Int>()
        for (_, i, j) in pairs where !usedP.contains(i) && !usedG.contains(j) {
            usedP.insert(i)
            usedG.insert(j)
        }
        let tp = usedP.count
        return SpottingScore(truePositives: tp, falsePositives: p.count - tp, falseNegatives: g.count - tp)
    }

    /// Parses an interval CSV with columns `video, type, onset_frame, apex_frame, offset_frame`
    /// (extra columns ignored; the synthetic ground-truth layout). `video` may be absent (then the
    /// file name stands for it, so prediction and truth files must then both lack it).
    public static func parseIntervals(text: String, source: String) throws(FacialAUError) -> [LabelledInterval] {
        let table: CSVTable
        do { table = try CSVTable(text: text, source: source, allowNoRows: true) } catch { throw .table(error) }
        let need = ["type", "onset_frame", "apex_frame", "offset_frame"].filter { !table.has($0) }
        guard need.isEmpty else {
            throw .missingColumns(
                source: source, columns: need, expected: "video, type, onset_frame, apex_frame, offset_frame")
        }
        do {
            let types = try table.strings("type")
            let videos = table.has("video") ? try table.strings("video") : types.map { _ in "" }
            let on = try table.numbers("onset_frame"), ap = try table.numbers("apex_frame")
            let off = try table.numbers("offset_frame")
            var out: [LabelledInterval] = []
            for r in table.rows.indices {
                guard on[r] <= off[r] else {
                    throw FacialAUError.malformed(
                        source: source, detail: "row \(r + 1): onset_frame \(on[r]) is after offset_frame \(off[r])")
                }
                out.append(
                    LabelledInterval(
                        video: videos[r], type: types[r], onsetFrame: Int(on[r]), apexFrame: Int(ap[r]),
                        offsetFrame: Int(off[r])))
            }
            return out
        } catch let e as FacialAUError {
            throw e
        } catch let e as TableError {
            throw .table(e)
        } catch {
            throw .malformed(source: source, detail: "\(error)")
        }
    }
}
