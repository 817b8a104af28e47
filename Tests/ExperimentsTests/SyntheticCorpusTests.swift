import AffectTestSupport
import AudioIO
import ContentHash
import Experiments
import Foundation
import SignalCore
import Tabular
import Testing

/// Small corpora generated once per test run (debug build: a few seconds each).
enum SyntheticFixtures {
    static func yaml(subjects: Int, sessions: Int, duration: String, lighting: String = "good") -> String {
        """
        schema: affect.synthetic.v1
        name: synthetic-test
        seed: 7
        subjects: \(subjects)
        sessions: \(sessions)
        groups:
          attribute: speaker_group
          levels:
            - {name: A, share: 1, f0_baseline_hz: [100, 130], landmark_noise_iod: 0.008}
            - {name: B, share: 1, f0_baseline_hz: [190, 230], landmark_noise_iod: 0.02}
        segments: {per_recording: 4, duration_s: \(duration), gap_s: 2, lead_s: 1}
        rates: {audio_hz: 16000, face_fps: 30, physio_hz: 250}
        conditions:
          audio_snr: [{name: clean}]
          lighting: [{name: \(lighting), noise_factor: 1, drop_fraction: 0}]
          sensor: [{name: full}]
          motion: [{name: none}]
        """
    }

    /// 3 subjects × 2 sessions, clean conditions: the recovery corpus.
    static let recovery: String = {
        let dir = TestPaths.temporaryDirectory("synth-recovery").appendingPathComponent("corpus").path
        do {
            let cfg = try SyntheticCorpusConfig.parse(
                yaml: yaml(subjects: 3, sessions: 2, duration: "[10, 12]"), source: "recovery.yaml")
            _ = try SyntheticCorpus.generate(config: cfg, seed: 11, to: dir)
        } catch {
            Issue.record("recovery corpus not generated: \(error)")
        }
        return dir
    }()

    static func truth(_ dir: String) throws -> CSVTable { try CSVTable(contentsOfFile: dir + "/truth.csv") }

    /// Every file under `dir` (relative path → SHA-256), sorted by path.
    static func hashes(_ dir: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let root = URL(fileURLWithPath: dir)
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = e?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let rel = String(url.path.dropFirst(root.path.count + 1))
            out[rel] = try SHA256.hex(ofFileAt: url.path)
        }
        return out
    }
}

@Suite("Synthetic corpus: config errors")
struct SyntheticConfigTests {
    let good = SyntheticFixtures.yaml(subjects: 2, sessions: 1, duration: "[4, 5]")

    func message(_ yaml: String) -> String {
        do {
            _ = try SyntheticCorpusConfig.parse(yaml: yaml, source: "bad.yaml")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func defaultConfigParses() throws {
        let cfg = try SyntheticCorpusConfig.load(path: TestPaths.project("Datasets/synthetic/default.yaml"))
        #expect(cfg.subjects == 16)  // the size chosen in Datasets/synthetic/README.md "Corpus size"
        #expect(cfg.sessions == 2)
        #expect(cfg.groups.levels.map(\.name) == ["A", "B"])
        #expect(cfg.conditions.audioSNR.map(\.name) == ["clean", "20dB", "5dB"])
    }

    @Test func zeroSubjects() {
        let m = message(good.replacingOccurrences(of: "subjects: 2", with: "subjects: 0"))
        #expect(m == "bad.yaml: subjects: 0; expected 1…999 subjects")
    }

    @Test func invertedSNRRange() {
        let yaml = good.replacingOccurrences(
            of: "audio_snr: [{name: clean}]", with: "audio_snr: [{name: clean}, {name: noisy, snr_db: [20, 5]}]")
        let m = message(yaml)
        #expect(m.contains("conditions.audio_snr[1].snr_db"), "\(m)")
        #expect(m.contains("inverted"), "\(m)")
    }

    @Test func unknownCondition() {
        let m = message(good.replacingOccurrences(of: "  motion: [{name: none}]", with: "  weather: [{name: rain}]"))
        #expect(m.contains("conditions.weather: unknown condition 'weather'"), "\(m)")
    }

    @Test func unknownKeyNamesItsPath() {
        let m = message(good.replacingOccurrences(of: "gap_s: 2", with: "gap_s: 2, gaps: 3"))
        #expect(m.hasPrefix("bad.yaml: segments.gaps: unknown key 'gaps'"), "\(m)")
    }

    @Test func wrongTypeNamesItsPath() {
        let m = message(good.replacingOccurrences(of: "landmark_noise_iod: 0.02", with: "landmark_noise_iod: high"))
        #expect(m.contains("groups.levels[1].landmark_noise_iod"), "\(m)")
    }

    @Test func missingKeyAndBadValues() {
        #expect(message(good.replacingOccurrences(of: "sessions: 1\n", with: "")).contains("sessions: missing"))
        #expect(message(good.replacingOccurrences(of: "[100, 130]", with: "[130, 100]")).contains("inverted"))
        #expect(
            message(good.replacingOccurrences(of: "drop_fraction: 0", with: "drop_fraction: 1.5")).contains(
                "conditions.lighting[0].drop_fraction"))
        #expect(message(good.replacingOccurrences(of: "affect.synthetic.v1", with: "v0")).contains("schema"))
    }
}

@Suite("Synthetic corpus: determinism and layout")
struct SyntheticDeterminismTests {
    @Test func sameSeedSameBytesDifferentSeedDiffers() throws {
        let cfg = try SyntheticCorpusConfig.parse(
            yaml: SyntheticFixtures.yaml(subjects: 2, sessions: 1, duration: "[4, 5]"), source: "tiny.yaml")
        let base = TestPaths.temporaryDirectory("synth-det")
        let a = try SyntheticCorpus.generate(config: cfg, seed: 5, to: base.appendingPathComponent("a").path)
        let b = try SyntheticCorpus.generate(config: cfg, seed: 5, to: base.appendingPathComponent("b").path)
        let c = try SyntheticCorpus.generate(config: cfg, seed: 6, to: base.appendingPathComponent("c").path)
        let ha = try SyntheticFixtures.hashes(a.directory)
        let hb = try SyntheticFixtures.hashes(b.directory)
        let hc = try SyntheticFixtures.hashes(c.directory)
        #expect(ha.count == a.files)
        #expect(ha == hb)
        #expect(Set(ha.keys) == Set(hc.keys))
        for key in ["s01_r1/audio.wav", "s01_r1/face.csv", "s02_r1/physio.csv", "truth.csv", "manifest.yaml"] {
            #expect(ha[key] != nil)
            #expect(ha[key] != hc[key], "\(key) did not change with the seed")
        }
        // The manifest lists every data file with its hash; no partial directories are left.
        let manifest = try String(contentsOfFile: a.manifestPath, encoding: .utf8)
        #expect(manifest.hasPrefix("schema: affect.dataset.v1\n"))
        for key in ["s01_r1/audio.wav", "s01_r1/face.csv", "s01_r1/physio.csv"] {
            #expect(manifest.contains("{path: \"\(key)\", sha256: \"\(ha[key] ?? "")\"}"))
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: base.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
        // An existing directory is refused unless overwrite is asked for.
        #expect(throws: SyntheticCorpusError.self) {
            try SyntheticCorpus.generate(config: cfg, seed: 5, to: a.directory)
        }
        _ = try SyntheticCorpus.generate(config: cfg, seed: 6, to: a.directory, overwrite: true)
        #expect(try SyntheticFixtures.hashes(a.directory) == hc)
    }

    @Test func manifestReadsWithTheRunnersParserThroughTheRegistryHook() throws {
        let yamlPath = TestPaths.temporaryDirectory("synth-hook").appendingPathComponent("tiny.yaml").path
        try SyntheticFixtures.yaml(subjects: 2, sessions: 1, duration: "[4, 5]")
            .write(toFile: yamlPath, atomically: true, encoding: .utf8)
        let out = TestPaths.temporaryDirectory("synth-hook-out")  // exists and is empty, as the runner passes it
        let manifestPath = try SyntheticCorpus.synthesize(configPath: yamlPath, outputDirectory: out.path)
        let manifest = try DatasetManifest.load(path: manifestPath)
        #expect(manifest.recordings.count == 2)
        #expect(manifest.labelSet == ["low_negative", "low_positive", "high_negative", "high_positive"])
        let first = try #require(manifest.recordings.first)
        #expect(first.subject == "s01")
        #expect(first.groups == ["speaker_group": "A"])
        #expect(first.conditions == ["audio_snr": "clean", "lighting": "good", "sensor": "full", "motion": "none"])
        #expect(first.streams.map(\.kind) == [.audio, .face, .physio])
        #expect(first.stream(.physio)?.rateHz == 250)
        #expect(first.segments.count == 4)
        #expect(manifest.files.count == 6)
        #expect(manifest.consent == "synthetic data: no human participants")
    }

    @Test func faceCSVHasOpenFaceColumnsAndSensorDropoutOmitsStream() throws {
        var yaml = SyntheticFixtures.yaml(subjects: 2, sessions: 1, duration: "[4, 5]")
        yaml = yaml.replacingOccurrences(
            of: "sensor: [{name: full}]", with: "sensor: [{name: dropout, missing: [physio]}]")
        yaml = yaml.replacingOccurrences(
            of: "lighting: [{name: good, noise_factor: 1, drop_fraction: 0}]",
            with: "lighting: [{name: poor, noise_factor: 3, drop_fraction: 0.3}]")
        let cfg = try SyntheticCorpusConfig.parse(yaml: yaml, source: "dropout.yaml")
        let dir = TestPaths.temporaryDirectory("synth-drop").appendingPathComponent("c").path
        let s = try SyntheticCorpus.generate(config: cfg, to: dir)
        #expect(!FileManager.default.fileExists(atPath: dir + "/s01_r1/physio.csv"))
        let manifest = try String(contentsOfFile: s.manifestPath, encoding: .utf8)
        #expect(!manifest.contains("physio:"))
        let face = try CSVTable(contentsOfFile: dir + "/s01_r1/face.csv")
        #expect(Array(face.header.prefix(5)) == ["frame", "face_id", "timestamp", "confidence", "success"])
        for col in ["pose_Rx", "pose_Ry", "pose_Rz", "x_0", "x_67", "y_67", "AU12_r", "AU45_r"] {
            #expect(face.has(col))
        }
        let success = try face.numbers("success")
        let dropped = Double(success.filter { $0 == 0 }.count) / Double(success.count)
        #expect(dropped > 0.1 && dropped < 0.5, "dropped fraction \(dropped) for drop_fraction 0.3")
        let times = try face.numbers("timestamp")
        #expect(abs(times[1] - times[0] - 1.0 / 30) < 1e-3)
    }
}
