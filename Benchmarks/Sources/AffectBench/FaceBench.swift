import ArgumentParser
import FacialAU
import Foundation
import SignalCore

/// `affect-bench face`: 100 000 frames of 68-point landmarks (30 fps, ~55 min) → head pose,
/// frontalisation, 17 AU intensities, blinks and expression spotting, timed in process.
///
/// Input: the `MeanFace` at 120 px per inter-ocular unit, turning (yaw ±20°, pitch ±6°, roll ±4°),
/// a smile (lip corners up) for 1 s every 3 s, a blink (upper lids down) every 4 s, and seeded
/// Gaussian landmark noise of 1 % of the inter-ocular distance.
struct FaceBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "face", abstract: "Landmarks → pose, AUs, blinks, spotting on 100 000 frames of 68 points.")

    @Option(help: "Frames.") var frames: Int = 100_000
    @Option(help: "Repeats (best of).") var repeats: Int = 5

    func run() throws {
        let n = frames
        let fps = 30.0
        let scale = 120.0
        var g = SeededRandom(seed: 7)
        var xs = [Double](repeating: 0, count: n * 68)
        var ys = xs
        let m = MeanFace.coordinates
        for f in 0..<n {
            let t = Double(f) / fps
            let (yaw, pitch, roll) = (
                20 * sin(t / 3) * .pi / 180, 6 * sin(t / 5) * .pi / 180, 4 * sin(t / 7) * .pi / 180
            )
            let smile = t.truncatingRemainder(dividingBy: 3) < 1 ? sin(.pi * t.truncatingRemainder(dividingBy: 3)) : 0
            let bt = t.truncatingRemainder(dividingBy: 4)
            let blink = bt > 2 && bt < 2.15 ? sin(.pi * (bt - 2) / 0.15) : 0
            let (cx, sx, cy, sy, cz, sz) = (cos(pitch), sin(pitch), cos(yaw), sin(yaw), cos(roll), sin(roll))
            // R = Rx(pitch)·Ry(yaw)·Rz(roll), first two rows.
            let r0 = [cy * cz, -cy * sz, sy]
            let r1 = [cx * sz + sx * sy * cz, cx * cz - sx * sy * sz, -sx * cy]
            for i in 0..<68 {
                var p = (m[3 * i], m[3 * i + 1], m[3 * i + 2])
                if [48, 54, 60, 64].contains(i) {
                    p.1 -= 0.06 * smile
                    p.0 += (i == 48 || i == 60 ? -0.03 : 0.03) * smile
                }
                if [37, 38, 43, 44].contains(i) { p.1 += 0.08 * blink }
                xs[f * 68 + i] = scale * (r0[0] * p.0 + r0[1] * p.1 + r0[2] * p.2) + 320 + g.normal() * 0.01 * scale
                ys[f * 68 + i] = scale * (r1[0] * p.0 + r1[1] * p.1 + r1[2] * p.2) + 240 + g.normal() * 0.01 * scale
            }
        }
        let stream = try LandmarkStream(
            source: "bench", layout: .openface, sourcePointCount: 68, frameNumbers: Array(1...n),
            timestamps: (0..<n).map { Double($0) / fps }, confidence: Array(repeating: 1, count: n),
            valid: Array(repeating: true, count: n), xs: xs, ys: ys)
        let analyzer = try FaceAnalyzer()
        var last: FaceAnalysis? = nil
        let (wall, cpu) = try Timing.best(repeats: repeats) { last = try analyzer.analyse(stream) }
        let a = last!
        print(Timing.row(["case", "frames", "wall s", "CPU s", "frames/s", "blinks", "intervals", "peak RSS MiB"]))
        print(Timing.row(["---", "---", "---", "---", "---", "---", "---", "---"]))
        print(
            Timing.row([
                "face: pose + 17 AUs + blinks + spotting", "\(n)", Timing.fmt(wall), Timing.fmt(cpu),
                String(format: "%.0f", Double(n) / wall), "\(a.blinks.count)", "\(a.intervals.count)",
                Timing.fmt(Timing.peakRSSMiB(), 0),
            ]))
    }
}
