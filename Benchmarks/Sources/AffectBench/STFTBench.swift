import ArgumentParser
import AudioIO
import Foundation
import SignalCore

/// STFT power spectrogram of long speech: 25 ms Hann frames (400 samples), 10 ms hop (160),
/// 512-point FFT, at 16 kHz. The input is the shipped real speech (Datasets/speech) tiled to the
/// requested length and written to a WAV that the numpy anchor (anchors/stft.py) reads too.
struct STFTBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stft", abstract: "STFT of long 16 kHz speech.")

    @Option(help: "Seconds of audio.") var seconds: Double = 600
    @Option(help: "Where the tiled input WAV is written (read by the anchor).")
    var input: String = "/tmp/affect-bench-speech-16k.wav"

    func run() throws {
        let signal = try BenchInput.tiledSpeech(seconds: seconds, path: input)
        let stft = try STFT(frameLength: 400, hop: 160, fftLength: 512, window: .hann)
        var spec: Spectrogram?
        let t = try Timing.best { spec = try stft.power(signal) }
        let checksum = spec!.values.reduce(0, +)
        let frames = 1 + (signal.count - 400) / 160
        print(Timing.row(["case", "tool", "frames", "wall s (best of 5)", "cpu s", "checksum Σ|X|²"]))
        print(
            Timing.row([
                "STFT \(Int(seconds)) s @16 kHz", "AffectWorkbench (FFTW r2c, one core)", "\(frames)",
                Timing.fmt(t.wall), Timing.fmt(t.cpu), String(format: "%.10e", checksum),
            ]))
        var buffer: [Double] = []
        var spec2: Spectrogram?
        let tr = try Timing.best {
            spec2 = nil
            spec2 = try stft.power(signal, into: &buffer)
        }
        let rsum = spec2!.values.reduce(0, +)
        print(
            Timing.row([
                "STFT \(Int(seconds)) s @16 kHz", "AffectWorkbench, output buffer reused across calls", "\(frames)",
                Timing.fmt(tr.wall), Timing.fmt(tr.cpu), String(format: "%.10e", rsum),
            ]))
        var fspec: FloatSpectrogram?
        let tf = try Timing.best { fspec = try stft.powerFloat(signal) }
        let fsum = fspec!.values.reduce(0.0) { $0 + Double($1) }
        print(
            Timing.row([
                "STFT \(Int(seconds)) s @16 kHz", "AffectWorkbench float32 (fftw3f r2c, one core)", "\(frames)",
                Timing.fmt(tf.wall), Timing.fmt(tf.cpu), String(format: "%.10e", fsum),
            ]))
    }
}

/// Shared benchmark inputs.
enum BenchInput {
    /// The real speech files of Datasets/speech at 16 kHz, concatenated and tiled to `seconds`;
    /// written to `path` as 16-bit WAV so anchors read identical samples.
    static func tiledSpeech(seconds: Double, path: String) throws -> Signal {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Datasets/speech")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".wav") }
            .sorted()
        var base = [Double]()
        for f in files {
            base += try AudioFile.readMono(root.appendingPathComponent(f).path, analysisRate: 16000).samples
        }
        let n = Int(seconds * 16000)
        var x = [Double](repeating: 0, count: n)
        for i in 0..<n { x[i] = base[i % base.count] }
        try AudioFile.write(channels: [x], sampleRate: 16000, to: path, format: .wav16)
        // Re-read so the benchmark uses exactly the quantised samples the anchor reads.
        return try AudioFile.readMono(path)
    }
}
