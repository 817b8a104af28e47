import ContentHash
import Foundation
import Tabular

/// The feature table of a run: one row per analysis window, in manifest recording order then
/// window order; feature columns in stage order (union of names over recordings, NaN where a
/// recording lacks a column); per-row modality availability.
public struct FeatureTable: Sendable {
    public struct Row: Sendable {
        public var recording: Int
        public var window: AnalysisWindow
    }
    public var rows: [Row]
    public var names: [String]
    public var modality: [DatasetManifest.Stream.Kind]
    public var values: [[Double]]
    /// Modalities used by at least one stage, in `Stream.Kind` order.
    public var modalities: [DatasetManifest.Stream.Kind]
    /// Subject of each row.
    public var subjects: [String]

    public var matrix: FeatureMatrix {
        FeatureMatrix(
            names: names, modality: modality, rows: values, available: rows.map { $0.window.available },
            subjects: subjects)
    }
}

/// Per-recording, per-stage feature extraction, parallel across recordings (Swift concurrency,
/// at most `maxConcurrent` recordings in flight) and cached on disk.
///
/// Cache key: SHA-256 of (stage name, stage version, resolved parameters JSON, the SHA-256 and
/// offset of the stage's input file, the window list, `min_coverage`). A cache file is a CSV of
/// the stage's features per window plus a `__coverage` column (the modality's coverage of each
/// window); it holds features only, never samples.
public enum FeatureExtraction {
    /// Statistics for the run manifest.
    public struct Stats: Sendable {
        public var cacheHits = 0
        public var cacheMisses = 0
    }

    public static func run(
        plan: RunPlan, registry: Registry, maxConcurrent: Int, progress: (@Sendable (String) -> Void)? = nil
    )
        async throws -> (FeatureTable, Stats)
    {
        let config = plan.config
        let stages: [(any StageAdapter, JSONValue)] = config.stages.compactMap { s in
            registry.stages.first { $0.name == s.name }.map { ($0, s.parameters) }
        }
        let cacheDir = config.outputs.cacheDirectory
        try? FileManager.default.createDirectory(atPath: cacheDir, withIntermediateDirectories: true)
        let n = plan.manifest.recordings.count

        var results = [PerRecording?](repeating: nil, count: n)
        try await withThrowingTaskGroup(of: (Int, PerRecording).self) { group in
            var next = 0
            func add() {
                let i = next
                next += 1
                group.addTask {
                    let r = try extract(recording: i, plan: plan, stages: stages, cacheDir: cacheDir)
                    progress?(plan.manifest.recordings[i].id)
                    return (i, r)
                }
            }
            for _ in 0..<min(max(1, maxConcurrent), n) { add() }
            while let (i, r) = try await group.next() {
                results[i] = r
                if next < n { add() }
            }
        }

        // Assemble: union of names per stage, in stage order then first appearance.
        var names: [String] = []
        var modality: [DatasetManifest.Stream.Kind] = []
        for (si, (adapter, _)) in stages.enumerated() {
            for r in results {
                for name in r!.stageNames[si] where !names.contains(name) {
                    names.append(name)
                    modality.append(adapter.modality)
                }
            }
        }
        let column = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var rows: [FeatureTable.Row] = []
        var values: [[Double]] = []
        var stats = Stats()
        for (ri, r) in results.enumerated() {
            let r = r!
            stats.cacheHits += r.hits
            stats.cacheMisses += r.misses
            for (wi, w) in r.windows.enumerated() {
                var v = [Double](repeating: .nan, count: names.count)
                for si in stages.indices {
                    for (j, name) in r.stageNames[si].enumerated() { v[column[name]!] = r.stageRows[si][wi][j] }
                }
                rows.append(FeatureTable.Row(recording: ri, window: w))
                values.append(v)
            }
        }
        let mods = DatasetManifest.Stream.Kind.allCases.filter { k in stages.contains { $0.0.modality == k } }
        let subjects = rows.map { plan.manifest.recordings[$0.recording].subject }
        return (
            FeatureTable(
                rows: rows, names: names, modality: modality, values: values, modalities: mods, subjects: subjects),
            stats
        )
    }

    struct PerRecording: Sendable {
        var windows: [AnalysisWindow]
        var stageNames: [[String]]
        var stageRows: [[[Double]]]
        var hits = 0
        var misses = 0
    }

    static func extract(recording i: Int, plan: RunPlan, stages: [(any StageAdapter, JSONValue)], cacheDir: String)
        throws
        -> PerRecording
    {
        let rec = plan.manifest.recordings[i]
        var windows = plan.windows[i]
        let minCov = plan.config.windowing.minCoverage
        var out = PerRecording(windows: windows, stageNames: [], stageRows: [])
        var loaded: LoadedStreams?
        var coverage: [DatasetManifest.Stream.Kind: [Double]] = [:]
        let windowKey = windows.map { "\($0.startS)-\($0.endS)" }.joined(separator: ",")

        for (adapter, params) in stages {
            guard let stream = rec.stream(adapter.modality), !windows.isEmpty else {
                out.stageNames.append([])
                out.stageRows.append(windows.map { _ in [] })
                continue
            }
            let keyText = [
                "stage=\(adapter.name)", "version=\(adapter.version)",
                "params=\(params.sortedKeys().rendered(pretty: false))",
                "input=\(plan.inputHash(stream.file))", "offset=\(stream.offsetS)",
                "columns=\(stream.columns.map { "\($0.0):\($0.1)" }.joined(separator: ";"))",
                "rate=\(stream.rateHz ?? 0)", "windows=\(windowKey)", "min_coverage=\(minCov)",
            ].joined(separator: "\n")
            let key = SHA256.hex(of: keyText)
            let path = URL(fileURLWithPath: cacheDir).appendingPathComponent("\(adapter.name)-\(key.prefix(32)).csv")
                .path
            if let cached = readCache(path, windows: windows.count) {
                out.stageNames.append(cached.names)
                out.stageRows.append(cached.rows)
                coverage[adapter.modality] = cached.coverage
                out.hits += 1
                continue
            }
            if loaded == nil { loaded = try LoadedStreams.load(rec, manifest: plan.manifest) }
            let cov = windows.map { loaded!.coverage(adapter.modality, start: $0.startS, end: $0.endS) }
            let features: StageFeatures
            do { features = try adapter.extract(streams: loaded!, windows: windows, parameters: params) } catch let e
                as ExperimentsError
            {
                throw e
            } catch {
                throw ExperimentsError.data(
                    message:
                        "stage \(adapter.name) failed on recording '\(rec.id)' (\(plan.manifest.resolve(stream.file))): \(error)"
                )
            }
            guard features.rows.count == windows.count, features.rows.allSatisfy({ $0.count == features.names.count })
            else {
                throw ExperimentsError.data(
                    message:
                        "stage \(adapter.name) returned \(features.rows.count) rows for \(windows.count) windows of '\(rec.id)'"
                )
            }
            writeCache(path, features: features, coverage: cov)
            out.stageNames.append(features.names)
            out.stageRows.append(features.rows)
            coverage[adapter.modality] = cov
            out.misses += 1
        }
        for k in DatasetManifest.Stream.Kind.allCases {
            for w in windows.indices {
                windows[w].available[k] = (coverage[k]?[w] ?? 0) >= minCov && rec.stream(k) != nil
            }
        }
        out.windows = windows
        return out
    }

    static func readCache(_ path: String, windows: Int) -> (names: [String], rows: [[Double]], coverage: [Double])? {
        guard FileManager.default.fileExists(atPath: path),
            let t = try? CSVTable(contentsOfFile: path, allowNoRows: true),
            t.rows.count == windows, t.header.last == "__coverage"
        else { return nil }
        var rows: [[Double]] = []
        var cov: [Double] = []
        for r in t.rows {
            var v: [Double] = []
            for c in r.dropLast() {
                if c.isEmpty {
                    v.append(.nan)
                } else if let x = Double(c) {
                    v.append(x)
                } else {
                    return nil
                }
            }
            guard let c = Double(r.last!) else { return nil }
            rows.append(v)
            cov.append(c)
        }
        return (Array(t.header.dropLast()), rows, cov)
    }

    static func writeCache(_ path: String, features: StageFeatures, coverage: [Double]) {
        let rows = zip(features.rows, coverage).map { r, c in r.map(CSVWriting.cell) + [CSVWriting.cell(c)] }
        try? AtomicFile.write(CSVWriting.text(header: features.names + ["__coverage"], rows: rows), to: path)
    }
}
