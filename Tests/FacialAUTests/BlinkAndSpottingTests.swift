import AffectTestSupport
import FacialAU
import Foundation
import Testing

@Suite struct BlinkAndSpottingTests {
    /// Acceptance: blink F1 ≥ 0.9, pooled over both synthetic sequences. A detected blink matches
    /// one unmatched true blink whose frames it overlaps (one-to-one).
    @Test func blinkF1() throws {
        var pred: [LabelledInterval] = [], truth: [LabelledInterval] = []
        for (seq, a) in SyntheticAnalyses.all {
            pred += seq.blinksLabelled(a)
            truth += seq.intervals.filter { $0.type == "blink" }
        }
        let s = MEGCEvaluator.score(predicted: pred, truth: truth, type: "blink", threshold: .leastNonzeroMagnitude)
        print("blink TP \(s.truePositives) FP \(s.falsePositives) FN \(s.falseNegatives) F1 \(s.f1)")
        #expect(s.f1 >= 0.9)
    }

    /// Acceptance: on the real video the eye narrowing of a broad smile is rejected by the guard,
    /// with the frames named, while the real blink inside the smile (frames 27–29, upper lid
    /// collapsing) is kept; a plain EAR detector would report one long "blink" over the smile.
    @Test func smileGuardOnRealVideo() throws {
        let s = try LandmarkReader.parseCSV(text: try sharedText(RealVideo.dlibPath), source: "dlib")
        let a = try FaceAnalyzer().analyse(s, neutral: RealVideo.neutral)
        #expect(a.blinks.map { [$0.onsetFrame, $0.apexFrame, $0.offsetFrame] } == [[27, 28, 29]])
        #expect(a.rejectedBlinks.map { [$0.onsetFrame, $0.offsetFrame] } == [[23, 26], [30, 44]])
        #expect(a.rejectedBlinks.allSatisfy { $0.rejection!.hasPrefix("smile/squint guard") })
        // AU12 is high in the rejected frames: the narrowing is the smile.
        #expect((22..<44).allSatisfy { a.series(.au12)!.intensity[$0] >= 1 })
        var plain = FaceParameters()
        plain.guardSmileIntensity = 1e9
        plain.blinkMaxSeconds = 5
        let b = try FaceAnalyzer(parameters: plain).analyse(s, neutral: RealVideo.neutral)
        #expect(b.blinks.map { [$0.onsetFrame, $0.offsetFrame] } == [[23, 44]])
        // MediaPipe on the same video agrees about the blink.
        let mp = try LandmarkReader.parseCSV(text: try sharedText(RealVideo.mediapipePath), source: "mp")
        let c = try FaceAnalyzer().analyse(mp, neutral: RealVideo.neutral)
        #expect(c.blinks.map { [$0.onsetFrame, $0.apexFrame, $0.offsetFrame] } == [[27, 28, 29]])
    }

    /// Acceptance: macro-expression spotting F1 ≥ 0.6 (MEGC, IoU ≥ 0.5), pooled; micro reported.
    @Test func spottingF1() throws {
        var pred: [LabelledInterval] = [], truth: [LabelledInterval] = []
        for (seq, a) in SyntheticAnalyses.all {
            pred += seq.labelled(a)
            truth += seq.intervals.filter { $0.type != "blink" }
        }
        let macro = MEGCEvaluator.score(predicted: pred, truth: truth, type: "macro")
        let micro = MEGCEvaluator.score(predicted: pred, truth: truth, type: "micro")
        let all = MEGCEvaluator.score(predicted: pred, truth: truth, type: nil)
        for (k, s) in [("macro", macro), ("micro", micro), ("overall", all)] {
            print(
                "spotting \(k) TP \(s.truePositives) FP \(s.falsePositives) FN \(s.falseNegatives) P \(s.precision) R \(s.recall) F1 \(s.f1)"
            )
        }
        #expect(macro.f1 >= 0.6)
        #expect(micro.f1 >= 0.4)
    }

    @Test func megcEvaluatorCounts() {
        #expect(MEGCEvaluator.iou((1, 10), (6, 15)) == 5.0 / 15.0)
        #expect(MEGCEvaluator.iou((1, 10), (11, 20)) == 0)
        let g = [LabelledInterval(video: "v", type: "macro", onsetFrame: 10, apexFrame: 20, offsetFrame: 30)]
        let p = [
            LabelledInterval(video: "v", type: "macro", onsetFrame: 12, apexFrame: 20, offsetFrame: 30),
            LabelledInterval(video: "v", type: "macro", onsetFrame: 11, apexFrame: 20, offsetFrame: 29),
            LabelledInterval(video: "w", type: "macro", onsetFrame: 10, apexFrame: 20, offsetFrame: 30),
            LabelledInterval(video: "v", type: "micro", onsetFrame: 10, apexFrame: 20, offsetFrame: 30),
        ]
        let s = MEGCEvaluator.score(predicted: p, truth: g, type: nil)
        #expect(s.truePositives == 1 && s.falsePositives == 3 && s.falseNegatives == 0)
        #expect(abs(s.f1 - 2.0 / 5.0) < 1e-15)
        #expect(MEGCEvaluator.score(predicted: [], truth: [], type: "macro").f1.isNaN)
    }
}
