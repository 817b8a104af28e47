import ArgumentParser
import AudioIO
import Foundation
import Prosody
import SignalCore

/// `affect-bench egemaps`: eGeMAPS v02 (88 functionals + 25 LLDs) on 600 s of 16 kHz speech.
///
/// Input: the real-speech files of ../shared/data/speech/wav16k (ALSA prompts, codec2 and CMU
/// ARCTIC recordings, in name order) concatenated and repeated to `--seconds`; written to `--wav`
/// so that the openSMILE anchor (anchors/egemaps.py) times the very same samples.
struct EGeMAPSBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "egemaps", abstract: "eGeMAPS v02 extraction on long speech (one core).")

    @Option(help: "Seconds of speech.") var seconds: Double = 600
    @Option(help: "Where to write the concatenated input WAV for the anchor.")
    var wav: String = "/tmp/affect-bench-egemaps.wav"
    @Option(help: "Shared data directory.") var shared: String = "../../shared"
    @Option(
        help:
            "Also write our 88 functionals of every shared speech file as DIR/<id>.json (for anchors/egemaps.py --compare DIR)."
    )
    var functionalsDir: String?

    func run() throws {
        let dir = shared + "/data/speech/wav16k"
        if let out = functionalsDir {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for n in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where n.hasSuffix(".wav") {
                let r = try EGeMAPS.extract(try AudioFile.readMono(dir + "/" + n))
                let body = r.functionals.map { "\"\($0.name)\": \($0.value.isFinite ? "\($0.value)" : "NaN")" }
                try ("{" + body.joined(separator: ", ") + "}\n").write(
                    toFile: out + "/" + n.replacingOccurrences(of: ".wav", with: ".json"), atomically: true,
                    encoding: .utf8)
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
            $0.hasPrefix("alsa_") && $0 != "alsa_Noise.wav" || $0.hasPrefix("codec2_") || $0.hasPrefix("arctic_")
        }.sorted()
        var pieces: [[Double]] = []
        for n in names { pieces.append(try AudioFile.readMono(dir + "/" + n).samples) }
        let target = Int(seconds * 16000)
        var x: [Double] = []
        x.reserveCapacity(target)
        while x.count < target {
            for p in pieces where x.count < target { x += p.prefix(target - x.count) }
        }
        let signal = try Signal(samples: x, sampleRate: 16000)
        try AudioFile.write(signal, to: wav)
        var result: EGeMAPSResult?
        let t = try Timing.best(repeats: 3) { result = try EGeMAPS.extract(signal) }
        print(Timing.row(["case", "input", "wall s", "CPU s", "peak RSS MiB"]))
        print(Timing.row(["---", "---", "---", "---", "---"]))
        print(
            Timing.row([
                "AffectWorkbench EGeMAPS.extract (88 functionals + LLDs)", "\(Int(seconds)) s 16 kHz speech",
                Timing.fmt(t.wall, 3), Timing.fmt(t.cpu, 3), Timing.fmt(Timing.peakRSSMiB(), 0),
            ]))
        if let r = result {
            FileHandle.standardError.write(
                Data("frames: \(r.lld.time.count), functionals: \(r.functionals.count)\n".utf8))
        }
    }
}
