import Foundation

/// An analysis window on a recording's timeline, with its label and which modalities cover it.
public struct AnalysisWindow: Sendable, Equatable {
    /// Position of the window within its recording (0-based).
    public var index: Int
    /// Start and end on the recording timeline (seconds).
    public var startS: Double
    public var endS: Double
    /// Class label (from the segment field named by `dataset.label`).
    public var label: String
    /// Index of the labelled segment the window came from.
    public var segment: Int
    /// Per modality: whether its stream covers at least `min_coverage` of the window (filled
    /// after the streams are loaded; all false before).
    public var available: [DatasetManifest.Stream.Kind: Bool] = [:]
}

/// Cuts labelled segments into analysis windows (no signal access).
public enum WindowPlanner {
    /// Windows of one recording.
    ///
    /// `fixed`: starts at `segment.start + k·hop` for k = 0, 1, … while `start + length ≤ segment.end`
    /// (a window never spans two segments, so its label is unambiguous).
    /// `events`: one epoch per segment, `[segment.start + offset, segment.start + offset + length)`.
    /// `segments`: one window per segment, `[segment.start, segment.end)`.
    /// Segments without the label field are skipped (unlabelled).
    public static func windows(
        for recording: DatasetManifest.Recording, windowing: ExperimentConfig.Windowing, labelField: String
    )
        -> [AnalysisWindow]
    {
        var out: [AnalysisWindow] = []
        for (si, seg) in recording.segments.enumerated() {
            guard let label = seg.fields[labelField] else { continue }
            switch windowing.mode {
            case .fixed:
                var k = 0
                while true {
                    let s = seg.startS + Double(k) * windowing.hopS
                    let e = s + windowing.lengthS
                    if e > seg.endS + 1e-9 { break }
                    out.append(AnalysisWindow(index: out.count, startS: s, endS: e, label: label, segment: si))
                    k += 1
                }
            case .segments:
                out.append(
                    AnalysisWindow(index: out.count, startS: seg.startS, endS: seg.endS, label: label, segment: si))
            case .events:
                let s = seg.startS + windowing.offsetS
                out.append(
                    AnalysisWindow(index: out.count, startS: s, endS: s + windowing.lengthS, label: label, segment: si))
            }
        }
        return out
    }

    /// Fraction of `[start, end)` covered by `[from, to)`.
    public static func coverage(start: Double, end: Double, from: Double, to: Double) -> Double {
        let overlap = min(end, to) - max(start, from)
        return overlap > 0 ? overlap / (end - start) : 0
    }
}
