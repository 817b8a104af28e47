import ArgumentParser
import Foundation
import Prosody
import SignalCore

/// `affect-bench prosody`: the whole prosody stage (`ProsodyFeatures.extract`: eGeMAPS v02 and the
/// `praat_` features) and each half alone on `--seconds` of 16 kHz speech made by concatenating the
/// shipped real speech files (MANIFEST.csv order, repeated, truncated; the input of `praat`).
/// The anchor `anchors/prosody.py` times openSMILE eGeMAPS and Praat pitch + jitter + shimmer on
/// the same samples, so one run gives the acceptance line of issue 3 (whole stage ≤ 1.2 s CPU,
/// ≥ 10× less than openSMILE, ≥ 3× less than Praat pitch + jitter + shimmer).
struct ProsodyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prosody", abstract: "Whole prosody stage (eGeMAPS + praat_) on concatenated speech.")

    @Option(help: "Seconds of speech to analyse.") var seconds: Double = 600
    @Option(help: "Timed repeats (best is reported) after one warm-up.") var repeats: Int = 3
    @Option(help: "The shared data folder (default: $AFFECT_SHARED, else ../../shared or ../shared).")
    var shared: String?

    func run() throws {
        let s = try PraatBench.speech(seconds: seconds, shared: PraatBench.sharedFolder(shared))
        var result: ProsodyResult?
        let whole = try Timing.best(repeats: repeats) { result = try ProsodyFeatures.extract(s) }
        let egemaps = try Timing.best(repeats: repeats) { _ = try EGeMAPS.extract(s) }
        let praat = try Timing.best(repeats: repeats) { _ = try PraatVoice.analyze(s) }
        let input = "\(Int(seconds)) s speech, 16 kHz"
        print(Timing.row(["case", "input", "wall s", "CPU s", "peak RSS MiB"]))
        print(Timing.row(["---", "---", "---", "---", "---"]))
        for (name, t) in [
            ("AffectWorkbench ProsodyFeatures.extract (88 eGeMAPS + 15 praat_ features)", whole),
            ("AffectWorkbench EGeMAPS.extract alone", egemaps),
            ("AffectWorkbench PraatVoice.analyze alone", praat),
        ] {
            print(
                Timing.row([
                    name, input, Timing.fmt(t.wall, 3), Timing.fmt(t.cpu, 3), Timing.fmt(Timing.peakRSSMiB(), 0),
                ]))
        }
        if let r = result {
            FileHandle.standardError.write(Data("features: \(r.features.count), notes: \(r.notes.count)\n".utf8))
        }
    }
}
