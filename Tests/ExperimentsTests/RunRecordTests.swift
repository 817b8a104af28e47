import AffectTestSupport
import AudioIO
import Experiments
import Foundation
import Tabular
import Testing

@Suite("Runs and run records")
struct RunRecordTests {
    func run(_ configPath: String, overrides: [String] = []) async throws -> [String] {
        let prepared = try RunSession.prepare(
            configPath: configPath, overrides: overrides, shard: nil, registry: Fixture.registry)
        var dirs: [String] = []
        for p in prepared {
            dirs.append(
                try await Runner.execute(
                    plan: p.plan, registry: Fixture.registry,
                    options: Runner.Options(
                        commandLine: ["test"], overrides: p.overrides, configPath: configPath, maxConcurrent: 2)))
        }
        return dirs
    }

    func read(_ dir: String, _ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(name))
    }

    @Test func runWritesCompleteDeterministicRecord() async throws {
        let (dir, manifest) = try Fixture.dataset()
        let cfg = try Fixture.writeConfig(
            Fixture.config(manifest: manifest, extra: "outputs: {dir: \(dir.path)/runs, cache_dir: \(dir.path)/cache}"),
            in: dir)
        let a = try await run(cfg)[0]
        let b = try await run(cfg)[0]
        let c = try await run(cfg, overrides: ["outputs.cache_dir=\(dir.path)/cache2"])[0]
        #expect(a != b && b != c)
        for f in RunRecord.requiredFiles {
            #expect(FileManager.default.fileExists(atPath: "\(a)/\(f)"), "missing \(f)")
        }
        #expect(RunRecord.isComplete(a))
        for f in ["metrics.json", "predictions.csv", "features.csv"] {
            #expect(try read(a, f) == read(b, f), "\(f) differs between runs 1 and 2")
            #expect(try read(a, f) == read(c, f), "\(f) differs with a cold cache")
        }
        let m = try RunRecord.readJSON("\(b)/manifest.json")
        #expect(m["feature_cache"]?["misses"] == .integer(0))
        #expect(m["status"] == .string("completed"))
        #expect(m["config_sha256"] != nil && m["git"] != nil && m["libraries"]?["fftw"] != nil)
        // The class is carried by the audio RMS: LOSO accuracy must be high.
        let metrics = try RunRecord.readJSON("\(a)/metrics.json")
        let accValue = metrics["overall"]?["calibrated"]?["accuracy"]?["value"]
        let acc: Double
        switch accValue {
        case .number(let x)?: acc = x
        case .integer(let i)?: acc = Double(i)
        default:
            Issue.record("no accuracy in metrics.json")
            return
        }
        #expect(acc > 0.9)
        #expect(metrics["by_condition"]?["noise"]?["values"]?["clean"] != nil)
        #expect(metrics["by_group"]?["g"]?["gap"]?["accuracy"] != nil)
        #expect(metrics["ablation"]?["without_physio"] != nil)
        // Report: self-contained, indicator wording, out-of-scope uses.
        let html = String(decoding: try read(a, "report.html"), as: UTF8.self)
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
        #expect(!html.contains("<script"))
        #expect(html.contains("<svg") && html.contains("indicators"))
        let card = String(decoding: try read(a, "model_card.md"), as: UTF8.self)
        for s in [
            "Intended use", "Out-of-scope uses", "Factors", "Metrics", "Evaluation data", "Ethical considerations",
            "Caveats", "Deception", "Hiring", "students", "Security screening",
        ] {
            #expect(card.contains(s), "model card lacks \(s)")
        }
    }

    @Test func reproduceSaysIdenticalAndReportRebuildsTheSameHTML() async throws {
        let (dir, manifest) = try Fixture.dataset(subjects: 3, seconds: 20)
        let cfg = try Fixture.writeConfig(
            Fixture.config(manifest: manifest, extra: "outputs: {dir: \(dir.path)/runs, cache_dir: \(dir.path)/cache}"),
            in: dir)
        let run = try await run(cfg)[0]
        let plan = try Reproduce.plan(
            run: run, registry: Fixture.registry, runsDirectory: "\(dir.path)/re", cacheDirectory: "\(dir.path)/recache"
        )
        let again = try await Runner.execute(
            plan: plan, registry: Fixture.registry,
            options: Runner.Options(commandLine: [], overrides: [], configPath: cfg))
        #expect(Reproduce.compare(run, again) == [])
        // A changed prediction is reported with its file and line.
        let p = "\(again)/predictions.csv"
        var text = try String(contentsOfFile: p, encoding: .utf8)
        text = text.replacingOccurrences(of: ",calm,", with: ",excited,")
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        let diffs = Reproduce.compare(run, again)
        #expect(diffs.count == 1 && diffs[0].hasPrefix("predictions.csv: differs at line"), "\(diffs)")
        let rebuilt = try ReportRebuild.rebuild(run: run, registry: Fixture.registry)
        #expect(rebuilt.html == String(decoding: try read(run, "report.html"), as: UTF8.self))
        #expect(rebuilt.card == String(decoding: try read(run, "model_card.md"), as: UTF8.self))
        // compare: two runs with a different config key.
        let other = try await self.run(cfg, overrides: ["evaluation.bootstrap=20"])[0]
        let cmp = Compare.text(try Compare.load([run, other]))
        #expect(cmp.contains("evaluation.bootstrap: [1] 50  [2] 20"), "\(cmp)")
        #expect(cmp.contains("noise = clean"))
    }

    @Test func runRecordHoldsNoRawSamples() async throws {
        let (dir, manifest) = try Fixture.dataset(subjects: 3, seconds: 20)
        let cfg = try Fixture.writeConfig(
            Fixture.config(manifest: manifest, extra: "outputs: {dir: \(dir.path)/runs, cache_dir: \(dir.path)/cache}"),
            in: dir)
        let run = try await run(cfg)[0]
        // Every input sample value as the runner could print it.
        var samples: [[Double]] = []
        for s in 0..<3 {
            samples.append(try AudioFile.readMono(dir.appendingPathComponent("s\(s)_r1/audio.wav").path).samples)
            let t = try CSVTable(contentsOfFile: dir.appendingPathComponent("s\(s)_r1/physio.csv").path)
            samples.append(try t.numbers("ecg_col"))
            samples.append(try t.numbers("eda_col"))
        }
        let found = RawSampleScan.longestRun(directory: run, inputs: samples)
        #expect(found.length < RawSampleScan.threshold, "\(found.file) holds \(found.length) consecutive input samples")
        // The scan itself detects an embedded array.
        let leak = samples[1][100..<140].map { "\($0)" }.joined(separator: ",")
        try leak.write(toFile: "\(run)/leak.txt", atomically: true, encoding: .utf8)
        #expect(RawSampleScan.longestRun(directory: run, inputs: samples).length >= 40)
    }

    @Test func sweepShardedAndMergedEqualsUnsharded() async throws {
        let (dir, manifest) = try Fixture.dataset(subjects: 3, seconds: 20, physio: false)
        let text = Fixture.config(
            manifest: manifest,
            extra: """
                sweep:
                  windowing.length_s: [2, 4]
                  evaluation.bootstrap: [10, 20]
                  stages.test_rms.parameters.scale: [1, 2]
                """
        ).replacingOccurrences(of: "  test_physio: {}\n", with: "")
        let cfg = try Fixture.writeConfig(text, in: dir)
        let reg = Fixture.registry
        func sweep(_ out: String, shard: (Int, Int)?) async throws {
            let prepared = try RunSession.prepare(
                configPath: cfg, overrides: ["outputs.dir=\(out)", "outputs.cache_dir=\(dir.path)/cache"], shard: shard,
                registry: reg)
            for p in prepared where p.recorded == nil {
                _ = try await Runner.execute(
                    plan: p.plan, registry: reg,
                    options: Runner.Options(
                        commandLine: [], overrides: p.overrides, configPath: cfg,
                        sweepCombination: p.combination.overrides))
            }
        }
        let all = "\(dir.path)/all"
        try await sweep(all, shard: nil)
        #expect(Sweep.recorded(in: all).count == 8)
        // A second pass records nothing new (resume).
        let again = try RunSession.prepare(
            configPath: cfg, overrides: ["outputs.dir=\(all)", "outputs.cache_dir=\(dir.path)/cache"], shard: nil,
            registry: reg)
        #expect(again.allSatisfy { $0.recorded != nil })
        try await sweep("\(dir.path)/s0", shard: (0, 2))
        try await sweep("\(dir.path)/s1", shard: (1, 2))
        #expect(Sweep.recorded(in: "\(dir.path)/s0").count == 4)
        _ = try Sweep.merge(sources: ["\(dir.path)/s0", "\(dir.path)/s1"], output: "\(dir.path)/merged")
        _ = try Sweep.merge(sources: [all], output: "\(dir.path)/allmerged")
        let a = try String(contentsOfFile: "\(dir.path)/allmerged/sweep.json", encoding: .utf8)
        let b = try String(contentsOfFile: "\(dir.path)/merged/sweep.json", encoding: .utf8)
        #expect(a == b)
        #expect(a.contains("\"runs\": 8"))
    }
}

/// Scans run-record files for runs of consecutive input samples (a leak of raw signals).
enum RawSampleScan {
    static let threshold = 8

    /// Longest run, over all files under `directory`, of consecutive numbers equal to consecutive
    /// samples of one input array (numbers parsed from every token of the text).
    static func longestRun(directory: String, inputs: [[Double]]) -> (file: String, length: Int) {
        var index: [Double: [(Int, Int)]] = [:]
        for (a, xs) in inputs.enumerated() {
            for (i, x) in xs.enumerated() where x != 0 && x != 1 { index[x, default: []].append((a, i)) }
        }
        var best = ("", 0)
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: directory) else { return best }
        for case let rel as String in e {
            let path = "\(directory)/\(rel)"
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                let text = try? String(contentsOfFile: path, encoding: .utf8)
            else { continue }
            let tokens = text.split { !($0.isNumber || $0 == "." || $0 == "-" || $0 == "e" || $0 == "E" || $0 == "+") }
                .compactMap { Double($0) }
            var prev: Set<[Int]> = []
            var runLen: [String: Int] = [:]
            for t in tokens {
                var cur: Set<[Int]> = []
                var curLen: [String: Int] = [:]
                for (a, i) in index[t] ?? [] {
                    let key = [a, i]
                    let l = (prev.contains([a, i - 1]) ? runLen["\(a),\(i - 1)"] ?? 0 : 0) + 1
                    cur.insert(key)
                    curLen["\(a),\(i)"] = l
                    if l > best.1 { best = (rel, l) }
                }
                prev = cur
                runLen = curLen
            }
        }
        return best
    }
}
