import ArgumentParser
import AudioIO
import Foundation
import Prosody
import SignalCore
import Tabular

/// `affect-bench praat`: the full `praat_` feature set (PraatVoice.analyze: pitch (ac), point
/// process (cc), jitter, shimmer, HNR (cc), intensity, Burg formants) and the pitch track alone on
/// `--seconds` of 16 kHz speech made by concatenating the shipped real speech files (MANIFEST.csv
/// order, repeated, truncated). The anchor `anchors/praat.py` times parselmouth on the same input.
struct PraatBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "praat", abstract: "Praat-compatible voice measures on concatenated speech.")

    @Option(help: "Seconds of speech to analyse.") var seconds: Double = 600
    @Option(help: "Timed repeats (best is reported) after one warm-up.") var repeats: Int = 3
    @Option(help: "Run only one case (full, perturbation, pitch), e.g. for profiling.") var only: String?
    @Option(help: "The shared data folder (default: $AFFECT_SHARED, else ../../shared or ../shared).")
    var shared: String?

    static func sharedFolder(_ given: String?) -> String {
        if let given { return given }
        if let env = ProcessInfo.processInfo.environment["AFFECT_SHARED"] { return env }
        for c in ["../../shared", "../shared"] where FileManager.default.fileExists(atPath: c + "/data/speech") {
            return c
        }
        return "../shared"
    }

    /// The benchmark input: real speech files concatenated in manifest order to `seconds` at 16 kHz.
    static func speech(seconds: Double, shared: String) throws -> Signal {
        let table = try CSVTable(contentsOfFile: shared + "/data/speech/MANIFEST.csv")
        let ids = try table.strings("id")
        let kinds = try table.strings("kind")
        var pieces = [[Double]]()
        for (id, kind) in zip(ids, kinds) where kind == "real_speech" {
            pieces.append(try AudioFile.readMono(shared + "/data/speech/wav16k/\(id).wav").samples)
        }
        let n = Int(seconds * 16000)
        var x = [Double]()
        x.reserveCapacity(n)
        while x.count < n { for p in pieces where x.count < n { x += p.prefix(n - x.count) } }
        return try Signal(samples: x, sampleRate: 16000)
    }

    func run() throws {
        let s = try Self.speech(seconds: seconds, shared: Self.sharedFolder(shared))
        var report: PraatVoiceReport?
        let none = (wall: Double.nan, cpu: Double.nan)
        let full =
            only == nil || only == "full"
            ? try Timing.best(repeats: repeats) { report = try PraatVoice.analyze(s) } : none
        let pitch =
            only == nil || only == "pitch" ? try Timing.best(repeats: repeats) { _ = try PraatVoice.pitch(s) } : none
        let pjs =
            only == nil || only == "perturbation"
            ? try Timing.best(repeats: repeats) { _ = try PraatVoice.analyze(s, measures: .perturbation) } : none
        print(Timing.row(["case", "input", "wall s", "CPU s", "peak RSS MiB"]))
        print(Timing.row(["---", "---", "---", "---", "---"]))
        let input = "\(Int(seconds)) s speech, 16 kHz"
        print(
            Timing.row([
                "AffectWorkbench PraatVoice.analyze (all praat_ features)", input, Timing.fmt(full.wall, 3),
                Timing.fmt(full.cpu, 3), Timing.fmt(Timing.peakRSSMiB(), 0),
            ]))
        print(
            Timing.row([
                "AffectWorkbench PraatVoice.analyze(measures: .perturbation) (pitch + pulses + jitter + shimmer)",
                input,
                Timing.fmt(pjs.wall, 3), Timing.fmt(pjs.cpu, 3), Timing.fmt(Timing.peakRSSMiB(), 0),
            ]))
        print(
            Timing.row([
                "AffectWorkbench PraatVoice.pitch (pitch track only)", input, Timing.fmt(pitch.wall, 3),
                Timing.fmt(pitch.cpu, 3), Timing.fmt(Timing.peakRSSMiB(), 0),
            ]))
        if let r = report {
            let shown = ["praat_f0_mean_hz", "praat_jitter_local", "praat_shimmer_local", "praat_hnr_cc_db"]
            let values = shown.map { "\($0)=\(Timing.fmt(r.value($0) ?? .nan, 5))" }.joined(separator: " ")
            FileHandle.standardError.write(Data("values: \(values)\n".utf8))
        }
    }
}
