import ArgumentParser
import AudioIO
import ContentHash
import Foundation
import SignalCore
import Tabular

/// `affect audio info|convert`.
struct AudioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio", abstract: "Inspect and convert audio files (any format libsndfile reads).",
        subcommands: [Info.self, Convert.self])

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print sample rate, channels, frames, duration, format and SHA-256 per file as JSON.")

        @Argument(help: "Audio files.") var files: [String]

        func run() throws {
            for path in files {
                let json: JSONValue = try userFacing {
                    let info = try AudioFile.info(path)
                    return .obj([
                        ("schema", .string("affect.audio.v1")),
                        ("input", .string(path)),
                        ("sample_rate", .integer(info.sampleRate)),
                        ("channels", .integer(info.channels)),
                        ("frames", .integer(Int(info.frames))),
                        ("duration_s", .number(info.durationSeconds)),
                        ("format", .string(info.format)),
                        ("sha256", .string(try SHA256.hex(ofFileAt: path))),
                    ])
                }
                emit(json.rendered(pretty: false))
            }
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Resample (scipy resample_poly semantics) and/or mix down to mono; writes WAV or FLAC by extension.")

        @Argument(help: "Input audio file.") var input: String
        @Argument(help: "Output file (.wav or .flac).") var output: String
        @Option(help: "Output sample rate in Hz (default: the input's).") var rate: Int?
        @Flag(help: "Mix all channels down to mono (mean).") var mono = false

        func run() throws {
            try userFacing {
                if let r = rate, r <= 0 { throw CLIError("--rate \(r): expected a sample rate > 0 Hz") }
                let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
                let format: AudioFile.WriteFormat
                switch ext {
                case "wav": format = .wav16
                case "flac": format = .flac16
                default: throw CLIError("\(output): unknown output extension '\(ext)'; expected .wav or .flac")
                }
                let (info, channels) = try AudioFile.readChannels(input)
                var chans = channels
                if mono && info.channels > 1 {
                    chans = [
                        (0..<Int(info.frames)).map { f in
                            channels.reduce(0) { $0 + $1[f] } / Double(info.channels)
                        }
                    ]
                }
                let outRate = rate ?? info.sampleRate
                if outRate != info.sampleRate {
                    chans = try chans.map { try Resample.poly($0, up: outRate, down: info.sampleRate) }
                }
                try AudioFile.write(channels: chans, sampleRate: outRate, to: output, format: format)
                log("wrote \(output): \(chans.count) channel(s), \(chans[0].count) frames at \(outRate) Hz")
            }
        }
    }
}
