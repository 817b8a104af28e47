import AffectTestSupport
import FacialAU
import Foundation
import SignalCore
import Tabular
import Testing

@Suite struct ReaderTests {
    let synthText: String
    init() throws { synthText = try sharedText("data/face/synthetic/synth_s1_30fps_landmarks_openface.csv") }

    @Test func currentOpenFaceLayout() throws {
        let s = try LandmarkReader.parseCSV(text: synthText, source: "s1")
        #expect(s.layout == .openface)
        #expect(s.frameCount == 600 && s.validCount == 600)
        #expect(abs(1 / s.medianFrameInterval - 30) < 0.5)
        #expect(s.xs[36] == 280.3 && s.ys[36] == 197.9)  // frame 1, point 36 as written in the file
        #expect(s.toolSeries.map(\.name) == ["pose_Rx", "pose_Ry", "pose_Rz"])
    }

    @Test func olderOpenFaceLayoutWithToolAUs() throws {
        let s = try LandmarkReader.parseCSV(
            text: try sharedText("data/face/real_tool_output/OpenFace_Test.csv"), source: "OpenFace_Test.csv")
        #expect(s.frameCount == 100 && s.validCount == 100)
        #expect(s.xs[0] == 277.276)
        #expect(s.toolSeries.contains { $0.name == "AU12_r" })
        let a = try FaceAnalyzer().analyse(s)
        // Plausible: our pose follows OpenFace's own (its PDM + CLNF fit, same Euler convention)
        // on this real clip: r ≥ 0.9 per angle and mean offsets under 5° (measured: yaw r 0.996,
        // pitch r 0.96 with a −3.3° offset from the different mean faces, roll r 0.97).
        for (name, mine) in [("pose_Rx", a.pitchDegrees), ("pose_Ry", a.yawDegrees), ("pose_Rz", a.rollDegrees)] {
            let theirs = try #require(s.toolSeries.first { $0.name == name }).values.map { $0 * 180 / .pi }
            let r = Stats.pearson(mine, theirs)
            let offset = Stats.mean(zip(mine, theirs).map { $0 - $1 })
            print("real OpenFace \(name): r \(r), mean offset \(offset) deg")
            #expect(r >= 0.9 && abs(offset) < 5, "\(name) r \(r) offset \(offset)")
        }
        for u in a.units { #expect(u.intensity.allSatisfy { $0 >= 0 && $0 <= 5 }) }
    }

    @Test func mediaPipe478MapsTo68() throws {
        let mp = try LandmarkReader.parseCSV(text: try sharedText(RealVideo.mediapipePath), source: "mp478")
        let as68 = try LandmarkReader.parseCSV(
            text: try sharedText("data/face/real_video_landmarks/pyfeat_single_face_mp_as68_openface.csv"),
            source: "as68")
        #expect(mp.layout == .mediapipe && mp.sourcePointCount == 478 && mp.frameCount == 72)
        // The mapping reproduces the shipped 68-point version to within 6 px (a few of its points
        // are averages of neighbouring vertices) and to within 0.5 px for most coordinates.
        let diffs = zip(mp.xs, as68.xs).map { abs($0 - $1) } + zip(mp.ys, as68.ys).map { abs($0 - $1) }
        print("mediapipe→68 vs shipped as68: max \(diffs.max()!) px, median \(diffs.sorted()[diffs.count / 2]) px")
        #expect(diffs.max()! < 6)
        #expect(diffs.sorted()[diffs.count / 2] < 0.5)
    }

    @Test func ptsAndLJSON() throws {
        let pts = try LandmarkReader.parsePTS(
            text: try sharedText("data/face/real_image_landmarks/annotations/takeo.pts"), source: "takeo.pts")
        #expect(pts.points.count == 68)
        let lj = try LandmarkReader.parseLJSON(
            text: try sharedText("data/face/real_image_landmarks/annotations/lenna.ljson"), source: "lenna.ljson")
        #expect(lj.points.count == 68)
        // LJSON stores (y, x): the eye corners must lie left to right in x.
        #expect(lj.points[36].x < lj.points[45].x)
        #expect(throws: FacialAUError.self) {
            try LandmarkReader.parsePTS(text: "version: 1\nn_points: 2\n{\n1 2\n}", source: "bad")
        }
    }

    // MARK: bad input

    func header() -> String { String(synthText.prefix { $0 != "\n" }) }
    func rows() -> [String] { synthText.split(separator: "\n").dropFirst().map(String.init) }

    @Test func missingColumnsNamed() throws {
        let text = synthText.replacingOccurrences(of: ",y_17,", with: ",yy_17,")
        #expect {
            try LandmarkReader.parseCSV(text: text, source: "f.csv")
        } throws: { e in
            guard case FacialAUError.missingColumns(let src, let cols, _) = e else { return false }
            return src == "f.csv" && cols == ["y_17"] && "\(e)".contains("y_17")
        }
    }

    @Test func zeroFaces() throws {
        #expect(throws: FacialAUError.noFaces(source: "h.csv")) {
            try LandmarkReader.parseCSV(text: header() + "\n", source: "h.csv")
        }
        let none = try LandmarkReader.parseImageCSV(
            text: try sharedText("data/face/real_image_landmarks/einstein_mp478.csv"), source: "einstein_mp478.csv")
        #expect(none.isEmpty)
    }

    @Test func allFramesFailed() throws {
        let body = rows().prefix(20).map { r -> String in
            var c = r.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            c[4] = "0"
            return c.joined(separator: ",")
        }
        #expect(throws: FacialAUError.allFramesFailed(source: "f.csv", frames: 20, minConfidence: 0.75)) {
            try LandmarkReader.parseCSV(text: ([header()] + body).joined(separator: "\n"), source: "f.csv")
        }
    }

    @Test func nonMonotonicTimestamps() throws {
        var r = Array(rows().prefix(20))
        r.swapAt(9, 10)
        #expect {
            try LandmarkReader.parseCSV(text: ([header()] + r).joined(separator: "\n"), source: "f.csv")
        } throws: { e in
            guard case FacialAUError.nonMonotonicTimestamps(_, let row, _, _) = e else { return false }
            return row == 11
        }
    }

    @Test func lowConfidenceFramesAreMaskedNotInterpolated() throws {
        var r = rows()
        for i in 100..<110 {
            var c = r[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            c[3] = "0.2"
            r[i] = c.joined(separator: ",")
        }
        let s = try LandmarkReader.parseCSV(text: ([header()] + r).joined(separator: "\n"), source: "f.csv")
        #expect(s.validCount == 590)
        let a = try FaceAnalyzer().analyse(s)
        #expect((100..<110).allSatisfy { a.yawDegrees[$0].isNaN && a.series(.au12)!.intensity[$0].isNaN })
        #expect(!a.yawDegrees[99].isNaN && !a.yawDegrees[110].isNaN)
    }

    @Test func fiveFramesGiveAnExplicitEmptyResult() throws {
        let s = try LandmarkReader.parseCSV(
            text: ([header()] + rows().prefix(5)).joined(separator: "\n"), source: "f.csv")
        let a = try FaceAnalyzer().analyse(s)
        #expect(a.units.isEmpty && a.blinks.isEmpty && a.intervals.isEmpty)
        #expect(a.notes.count == 1 && a.notes[0].contains("5 valid frame(s)"))
        #expect(a.yawDegrees.allSatisfy { $0.isFinite })  // pose is still given per frame
        #expect(a.functionals(start: 0, end: 1).first { $0.name == "AU12_r_mean" }!.value.isNaN)
    }

    @Test func fpsOverrideAndVariableFrameRate() throws {
        // Drop every third frame: irregular 33/67 ms intervals; timestamps carry the timing.
        let r = rows().enumerated().filter { $0.offset % 3 != 2 }.map(\.element)
        let s = try LandmarkReader.parseCSV(text: ([header()] + r).joined(separator: "\n"), source: "vfr")
        #expect(s.frameCount == 400)
        let full = try LandmarkReader.parseCSV(text: synthText, source: "s1", options: .init(fps: 15))
        #expect(abs(full.timestamps[30] - 2.0) < 1e-12)
        #expect(throws: FacialAUError.self) {
            try LandmarkReader.parseCSV(text: synthText, source: "s1", options: .init(fps: 0))
        }
    }
}
