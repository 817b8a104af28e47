import AffectTestSupport
import AudioIO
import Foundation
import SignalCore
import Testing

@testable import Prosody

@Suite("Praat path on bad input and at other sample rates")
struct PraatRobustnessTests {
    static func reasonsCoverNaNs(_ r: PraatVoiceReport) -> Bool {
        r.features.allSatisfy { f in !f.value.isNaN || r.reasons.contains { $0.name == f.name && !$0.reason.isEmpty } }
    }

    @Test func silenceIsUnvoicedWithReasons() throws {
        let s = try Signal(samples: [Double](repeating: 0, count: 16000), sampleRate: 16000)
        let r = try PraatVoice.analyze(s)
        #expect(r.pitch.count == 97)
        #expect(r.pitch.f0Hz.allSatisfy { $0 == 0 })
        #expect(r.value("praat_voiced_fraction") == 0)
        #expect(r.value("praat_f0_mean_hz")!.isNaN)
        #expect(r.value("praat_jitter_local")!.isNaN)
        #expect(r.value("praat_intensity_mean_db")!.isNaN)
        #expect(r.reasons.first { $0.name == "praat_f0_mean_hz" }?.reason == "no voiced frames")
        #expect(Self.reasonsCoverNaNs(r))
    }

    @Test func whiteNoiseIsMostlyUnvoiced() throws {
        let s = try Signal(samples: Generate.noise(count: 32000, sd: 0.1, seed: 7), sampleRate: 16000)
        let r = try PraatVoice.analyze(s)
        let vf = try #require(r.value("praat_voiced_fraction"))
        #expect(vf < 0.1)
        #expect(r.value("praat_intensity_mean_db")!.isFinite)
        #expect(Self.reasonsCoverNaNs(r))
    }

    @Test func tenMillisecondFileHasNoFrames() throws {
        let s = try Signal(
            samples: Generate.sine(frequency: 150, rate: 16000, seconds: 0.01, amplitude: 0.5), sampleRate: 16000)
        let r = try PraatVoice.analyze(s)
        #expect(r.pitch.count == 0)
        #expect(r.features.allSatisfy { $0.value.isNaN })
        #expect(
            r.reasons.first { $0.name == "praat_voiced_fraction" }?.reason
                == "signal shorter than the 40 ms pitch window")
        #expect(Self.reasonsCoverNaNs(r))
        let empty = try PraatVoice.analyze(try Signal(samples: [], sampleRate: 16000))
        #expect(empty.features.allSatisfy { $0.value.isNaN })
    }

    @Test func nonFiniteSamplesAreAnError() throws {
        var x = Generate.sine(frequency: 150, rate: 16000, seconds: 0.5, amplitude: 0.5)
        x[1234] = .nan
        let s = try Signal(samples: x, sampleRate: 16000)
        #expect(throws: PraatError.nonFiniteSample(index: 1234)) { try PraatVoice.analyze(s) }
        x[1234] = .infinity
        #expect(throws: PraatError.nonFiniteSample(index: 1234)) {
            try PraatVoice.pitch(try Signal(samples: x, sampleRate: 16000))
        }
    }

    @Test func invalidParametersAreNamed() throws {
        var p = PraatParameters()
        p.pitchCeilingHz = 50
        let s = try Signal(samples: [Double](repeating: 0, count: 1600), sampleRate: 16000)
        #expect(throws: PraatError.self) { try PraatVoice.analyze(s, parameters: p) }
        do {
            _ = try PraatVoice.analyze(s, parameters: p)
        } catch {
            #expect(error.description.contains("pitchCeilingHz"))
        }
    }

    /// A stereo file is mixed down by AudioIO; the analysis of the mixdown is well defined.
    @Test func stereoFileMixdown() throws {
        let left = Generate.sine(frequency: 140, rate: 16000, seconds: 0.6, amplitude: 0.4)
        let right = Generate.noise(count: left.count, sd: 0.01, seed: 3)
        let dir = TestPaths.temporaryDirectory("praat-stereo")
        let path = dir.appendingPathComponent("stereo.wav").path
        try AudioFile.write(channels: [left, right], sampleRate: 16000, to: path)
        let r = try PraatVoice.analyze(try AudioFile.readMono(path))
        let f0 = try #require(r.value("praat_f0_mean_hz"))
        #expect(abs(f0 - 140) < 1)
        try? FileManager.default.removeItem(at: dir)
    }

    /// The 48 kHz and 8 kHz originals and their 16 kHz copies give F0 means within 0.1 semitone.
    @Test(arguments: [
        ("alsa_Front_Center_48k", "alsa_Front_Center"), ("alsa_Rear_Left_48k", "alsa_Rear_Left"),
        ("codec2_hts1_8k", "codec2_hts1"), ("codec2_hts2_8k", "codec2_hts2"),
    ])
    func sampleRateInvariance(original: String, copy: String) throws {
        let a = try AudioFile.readMono(TestPaths.shared("data/speech/original/\(original).wav"))
        let b = try AudioFile.readMono(PraatCorpus.wav(copy))
        let fa = try PraatVoice.pitch(a)
        let fb = try PraatVoice.pitch(b)
        let ma = Stats.mean(fa.f0Hz.filter { $0 > 0 })
        let mb = Stats.mean(fb.f0Hz.filter { $0 > 0 })
        let st = 12 * log2(ma / mb)
        print("praat-rate \(original) \(a.sampleRate) Hz: \(ma) Hz vs \(copy): \(mb) Hz, \(st) st")
        #expect(abs(st) <= 0.1)
    }
}
