import AffectTestSupport
import Foundation
import Testing

/// The CLI contract on real files: results on stdout, one-sentence errors on stderr with a non-zero
/// exit status, nothing written on failure.
@Suite struct AffectCLITests {
    let speech = TestPaths.project("Datasets/speech")

    @Test func versionAndHelp() throws {
        let v = try AffectProcess.run(["--version"])
        #expect(
            v.status == 0 && v.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let h = try AffectProcess.run(["--help"])
        #expect(h.status == 0)
        for group in ["audio", "prosody", "face", "fusion", "datasets", "run"] {
            #expect(h.stdout.contains(group), "\(group)")
        }
    }

    @Test func audioInfoReportsHeaderAndHash() throws {
        let r = try AffectProcess.run(["audio", "info", "\(speech)/arctic_slt_a0009.wav"])
        #expect(r.status == 0)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(obj["schema"] as? String == "affect.audio.v1")
        #expect(obj["sample_rate"] as? Int == 16000 && obj["channels"] as? Int == 1)
        // sha256 of the shipped file (Datasets/speech/MANIFEST.csv lists it as the upstream wav16k hash)
        #expect(obj["sha256"] as? String == "198d856649b370c483609bdc61558e515c6349210e6dd755e975ab1d2e468936")
    }

    @Test func audioErrorsAreOneSentenceAndNonZero() throws {
        let r = try AffectProcess.run(["audio", "info", "/nonexistent/x.wav"])
        #expect(r.status != 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("/nonexistent/x.wav") && r.stderr.contains("no such file"))
        #expect(r.stderr.split(separator: "\n").count <= 2)
    }

    @Test func audioConvertResamplesAndRefusesUnknownExtensions() throws {
        let dir = TestPaths.temporaryDirectory("cli-convert")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("a.wav").path
        let r = try AffectProcess.run([
            "audio", "convert", "\(speech)/alsa_Front_Center_48k.wav", out, "--rate", "16000",
        ])
        #expect(r.status == 0)
        let info = try AffectProcess.run(["audio", "info", out])
        #expect(info.stdout.contains("\"sample_rate\":16000"))
        let bad = try AffectProcess.run([
            "audio", "convert", "\(speech)/arctic_slt_a0009.wav", dir.appendingPathComponent("a.mp9").path,
        ])
        #expect(bad.status != 0 && bad.stderr.contains("expected .wav or .flac"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.wav"])
    }

    /// `affect prosody` on two real files: 88 eGeMAPS + 15 praat_ features per file, in input order,
    /// LLD CSVs written; a missing file is reported by name with a non-zero exit and the good files'
    /// results still printed.
    @Test func prosodyJSONCSVAndLLD() throws {
        let dir = TestPaths.temporaryDirectory("cli-prosody")
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = ["\(speech)/arctic_slt_a0009.wav", "\(speech)/codec2_big_dog.wav"]
        let r = try AffectProcess.run(["prosody"] + files + ["--lld", dir.path])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for (line, file) in zip(lines, files) {
            let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(obj["schema"] as? String == "affect.prosody.v1" && obj["input"] as? String == file)
            let features = obj["features"] as! [String: Any]
            #expect(features.count == 88 + 15)
            let f0 = features["praat_f0_mean_hz"] as! Double
            #expect(f0 > 60 && f0 < 400)
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(
            written == [
                "arctic_slt_a0009.egemaps_lld.csv", "arctic_slt_a0009.praat_pitch.csv",
                "codec2_big_dog.egemaps_lld.csv", "codec2_big_dog.praat_pitch.csv",
            ])
        let csv = try AffectProcess.run(["prosody", files[0], "/nonexistent/y.wav", "--format", "csv"])
        #expect(csv.status != 0)
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.count == 2 && rows[0].hasPrefix("input,F0semitoneFrom27.5Hz_sma3nz_amean"))
        #expect(csv.stderr.contains("/nonexistent/y.wav"))
    }
}
