import ContentHash
import Foundation

/// Everything a run needs, checked before any expensive work: the config, the dataset manifest
/// (files present, hashes match), the windows of every recording, the label, the class list,
/// and that every condition/group value asked for has windows.
public struct RunPlan: Sendable {
    public var config: ExperimentConfig
    /// The config text as given (written as `config.yaml`).
    public var configText: String
    public var manifest: DatasetManifest
    /// Manifest path as used (relative to the working directory or absolute).
    public var manifestPath: String
    /// Data file (manifest-relative path) → SHA-256, verified.
    public var fileHashes: [String: String]
    /// SHA-256 of the manifest file itself.
    public var manifestHash: String
    /// Windows per recording (same order as `manifest.recordings`).
    public var windows: [[AnalysisWindow]]
    /// Class names in label-index order (the manifest's `label_set`).
    public var classes: [String]
    /// Stream file → further manifest files it reads (a WFDB header's signal files).
    public var dependentFiles: [String: [String]] = [:]
    /// The reference of each `config.comparisons` entry, in the same order.
    public var references: [ReferenceValues] = []

    /// The content hash of a stream's inputs (feature-cache key): its file's SHA-256, followed by
    /// those of the files it depends on.
    public func inputHash(_ file: String) -> String {
        ([fileHashes[file] ?? ""] + (dependentFiles[file] ?? []).map { fileHashes[$0] ?? "" }).joined(separator: "+")
    }

    public var windowCount: Int { windows.reduce(0) { $0 + $1.count } }

    /// Validates `config` against its dataset. Generates the synthetic corpus first when the
    /// config asks for one and it is not in the cache yet (the only expensive step allowed here).
    public static func make(config: ExperimentConfig, configText: String, registry: Registry) throws(ExperimentsError)
        -> RunPlan
    {
        let base = config.baseDirectory
        func resolve(_ p: String) -> String {
            p.hasPrefix("/") ? p : URL(fileURLWithPath: base).appendingPathComponent(p).standardized.path
        }
        let manifestPath: String
        if let m = config.dataset.manifest {
            manifestPath = resolve(m)
            guard FileManager.default.fileExists(atPath: manifestPath) else {
                throw .invalid(
                    source: config.source, path: "dataset.manifest",
                    message: "\(manifestPath) does not exist; expected an affect.dataset.v1 manifest")
            }
        } else {
            let recipe = resolve(config.dataset.synthetic ?? "")
            guard FileManager.default.fileExists(atPath: recipe) else {
                throw .invalid(
                    source: config.source, path: "dataset.synthetic",
                    message: "\(recipe) does not exist; expected a synthetic-corpus generator config")
            }
            guard let synth = registry.synthesize else {
                throw .unavailable(
                    what: "dataset.synthetic",
                    message: "the synthetic-corpus generator is not part of this build; give dataset.manifest instead")
            }
            manifestPath = try SyntheticCache.manifest(
                recipe: recipe, cacheDirectory: config.dataset.cacheDirectory, generate: synth)
        }
        let manifest = try DatasetManifest.load(path: manifestPath)
        let manifestHash: String
        do { manifestHash = try SHA256.hex(ofFileAt: manifestPath) } catch {
            throw .file(path: manifestPath, message: "cannot be read")
        }

        // Label field present?
        let label = config.dataset.label
        let hasLabel = manifest.recordings.contains { $0.segments.contains { $0.fields[label] != nil } }
        if !hasLabel {
            let fields = Set(manifest.recordings.flatMap { $0.segments.flatMap { $0.fields.keys } }).sorted()
            throw .invalid(
                source: config.source, path: "dataset.label",
                message: "no segment in \(manifestPath) has a '\(label)' field; " + Suggest.hint(label, in: fields))
        }
        if label != "label" {
            for r in manifest.recordings {
                for s in r.segments {
                    if let v = s.fields[label], !manifest.labelSet.contains(v) {
                        throw .data(
                            message:
                                "\(manifestPath): recording '\(r.id)': \(label) '\(v)' is not in label_set \(manifest.labelSet)"
                        )
                    }
                }
            }
        }

        // Stages need their modality somewhere.
        for st in config.stages {
            guard let adapter = registry.stages.first(where: { $0.name == st.name }) else { continue }
            if !manifest.recordings.contains(where: { $0.stream(adapter.modality) != nil }) {
                throw .invalid(
                    source: config.source, path: "stages.\(st.name)",
                    message: "no recording in \(manifestPath) has a \(adapter.modality.rawValue) stream")
            }
        }

        // WFDB streams: header readable, signals present, signal files listed (so they are hashed).
        var dependent: [String: [String]] = [:]
        for r in manifest.recordings {
            for st in r.streams where st.format == "wfdb" {
                let path = manifest.resolve(st.file)
                guard FileManager.default.fileExists(atPath: path) else {
                    throw .file(path: path, message: "listed in \(manifest.source) but missing")
                }
                let h = try WFDBStream.header(path: path)
                for (_, column) in st.columns { _ = try WFDBStream.signalIndex(column, header: h, path: path) }
                let deps = WFDBStream.dataFiles(header: h, file: st.file)
                for d in deps where !manifest.files.contains(where: { $0.path == d }) {
                    throw .invalid(
                        source: manifest.source, path: "files",
                        message:
                            "'\(d)' (the signal file of WFDB header '\(st.file)', recording '\(r.id)') has no sha256 entry; expected every data file listed"
                    )
                }
                dependent[st.file] = deps
            }
        }

        // Data files present and unchanged (also the feature-cache key).
        let hashes = try manifest.verifyFiles()

        let windows = manifest.recordings.map {
            WindowPlanner.windows(for: $0, windowing: config.windowing, labelField: label)
        }
        let total = windows.reduce(0) { $0 + $1.count }
        guard total > 0 else {
            throw .data(
                message:
                    "\(manifestPath): no labelled segment is long enough for one \(config.windowing.lengthS) s window; shorten windowing.length_s"
            )
        }

        // Conditions and groups: keys must exist; every value must have windows.
        for (kind, keys) in [("conditions", config.evaluation.conditions), ("groups", config.evaluation.groups)] {
            for (ki, key) in keys.enumerated() {
                var counts: [String: Int] = [:]
                var known = Set<String>()
                for (r, w) in zip(manifest.recordings, windows) {
                    let tags = kind == "conditions" ? r.conditions : r.groups
                    known.formUnion(tags.keys)
                    if let v = tags[key] { counts[v, default: 0] += w.count }
                }
                if counts.isEmpty {
                    throw .invalid(
                        source: config.source, path: "evaluation.\(kind)[\(ki)]",
                        message:
                            "'\(key)' is not a \(kind == "conditions" ? "condition" : "group") key of any recording in \(manifestPath); "
                            + Suggest.hint(key, in: known.sorted()))
                }
                let allValues = Set(
                    manifest.recordings.compactMap { (kind == "conditions" ? $0.conditions : $0.groups)[key] })
                for v in allValues.sorted() where counts[v, default: 0] == 0 {
                    throw .data(
                        message:
                            "\(kind) '\(key)' = '\(v)' has no labelled windows (its recordings are shorter than one window or unlabelled); fix the manifest or drop '\(key)' from evaluation.\(kind)"
                    )
                }
            }
        }

        let references = try checkComparisons(config: config, manifest: manifest, registry: registry)
        var plan = RunPlan(
            config: config, configText: configText, manifest: manifest, manifestPath: manifestPath, fileHashes: hashes,
            manifestHash: manifestHash, windows: windows, classes: manifest.labelSet)
        plan.dependentFiles = dependent
        plan.references = references
        if config.isFeaturesOnly { return plan }

        // Enough subjects and classes for the protocol.
        var subjects = Set<String>()
        var classesSeen = Set<String>()
        for (r, w) in zip(manifest.recordings, windows) where !w.isEmpty {
            subjects.insert(r.subject)
            for x in w { classesSeen.insert(x.label) }
        }
        let needed = config.evaluation.protocolKind == .loso ? 2 : config.evaluation.folds
        if subjects.count < needed {
            throw .data(
                message:
                    "\(manifestPath): \(subjects.count) subject(s) have labelled windows; protocol \(config.evaluation.protocolKind.rawValue) needs at least \(needed)"
            )
        }
        if config.calibration.method != "none" && subjects.count < 3 {
            throw .data(
                message:
                    "\(manifestPath): calibration needs at least 3 subjects (train, calibration holdout, test); found \(subjects.count)"
            )
        }
        if classesSeen.count < 2 {
            throw .data(
                message:
                    "\(manifestPath): only one class (\(classesSeen.sorted().joined())) has windows; expected at least two"
            )
        }

        return plan
    }

    /// Loads each comparison's reference and checks, before any work, that it names recordings of
    /// the manifest and features that the reference holds and the configured stages produce.
    static func checkComparisons(config: ExperimentConfig, manifest: DatasetManifest, registry: Registry)
        throws(ExperimentsError) -> [ReferenceValues]
    {
        guard !config.comparisons.isEmpty else { return [] }
        var produced: [String] = []
        var known = true
        for st in config.stages {
            guard let adapter = registry.stages.first(where: { $0.name == st.name }) else { continue }
            do {
                if let names = try adapter.featureNames(parameters: st.parameters) {
                    produced += names
                } else {
                    known = false
                }
            } catch {
                throw .invalid(
                    source: config.source, path: "stages.\(st.name)",
                    message: "its feature names cannot be listed (\(error))")
            }
        }
        var out: [ReferenceValues] = []
        for c in config.comparisons {
            let path = "comparison.\(c.name)"
            let file =
                c.reference.hasPrefix("/")
                ? c.reference
                : URL(fileURLWithPath: config.baseDirectory).appendingPathComponent(c.reference).standardized.path
            let ref = try ReferenceValues.load(path: file, source: config.source, configPath: "\(path).reference")
            let ids = manifest.recordings.map(\.id)
            let matched = ref.recordings.filter { ids.contains($0.id) }
            guard !matched.isEmpty else {
                throw .invalid(
                    source: config.source, path: "\(path).reference",
                    message:
                        "\(file) has values for recordings \(ref.recordings.map(\.id).joined(separator: ", ")), none of which is in \(manifest.source) (recordings: \(ids.joined(separator: ", ")))"
                )
            }
            for (fi, f) in c.features.enumerated() {
                for rec in matched where !rec.values.contains(where: { $0.0 == f }) {
                    throw .invalid(
                        source: config.source, path: "\(path).features[\(fi)]",
                        message:
                            "'\(f)' has no reference value for recording '\(rec.id)' in \(file); "
                            + Suggest.hint(f, in: rec.values.map(\.0)))
                }
            }
            let wanted = c.features.isEmpty ? Array(Set(matched.flatMap { $0.values.map(\.0) })).sorted() : c.features
            for k in c.tolerances.keys.sorted() where !wanted.contains(k) {
                throw .invalid(
                    source: config.source, path: "\(path).tolerances.\(k)",
                    message: "'\(k)' is not a compared feature; " + Suggest.hint(k, in: wanted))
            }
            if known {
                for f in wanted where !produced.contains(c.prefix + f) {
                    let listed = c.features.firstIndex(of: f).map { "\(path).features[\($0)]" } ?? "\(path).reference"
                    throw .invalid(
                        source: config.source, path: listed,
                        message:
                            "no configured stage produces '\(c.prefix + f)' (stages: \(config.stages.map(\.name).joined(separator: ", "))); "
                            + Suggest.hint(c.prefix + f, in: produced))
                }
            }
            out.append(ref)
        }
        return out
    }
}

/// Synthetic corpora generated on demand, keyed by the generator version and the SHA-256 of the
/// generator config's text: directory `v<version>-<first 16 hex digits>`, so a generator change
/// (a new `SyntheticCorpus.generatorVersion`) never reuses a corpus cached by an older generator.
enum SyntheticCache {
    /// The cache directory name for a generator config file and a generator version.
    static func key(recipe: String, generatorVersion: Int) throws(ExperimentsError) -> String {
        do { return "v\(generatorVersion)-" + String(try SHA256.hex(ofFileAt: recipe).prefix(16)) } catch {
            throw .file(path: recipe, message: "cannot be read")
        }
    }

    static func manifest(
        recipe: String, cacheDirectory: String, generatorVersion: Int = SyntheticCorpus.generatorVersion,
        generate: @Sendable (String, String) throws -> String
    ) throws(ExperimentsError) -> String {
        let key = try key(recipe: recipe, generatorVersion: generatorVersion)
        let fm = FileManager.default
        let final = URL(fileURLWithPath: cacheDirectory).appendingPathComponent(key)
        let marker = final.appendingPathComponent(".manifest-path")
        if let rel = try? String(contentsOf: marker, encoding: .utf8),
            fm.fileExists(atPath: final.appendingPathComponent(rel).path)
        {
            return final.appendingPathComponent(rel).path
        }
        let tmp = URL(fileURLWithPath: cacheDirectory).appendingPathComponent(".tmp-\(key)-\(getpid())")
        try? fm.removeItem(at: tmp)
        do {
            try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
            let m = try generate(recipe, tmp.path)
            let rel = String(URL(fileURLWithPath: m).standardized.path.dropFirst(tmp.standardized.path.count + 1))
            try rel.write(to: tmp.appendingPathComponent(".manifest-path"), atomically: true, encoding: .utf8)
            try? fm.removeItem(at: final)
            try fm.moveItem(at: tmp, to: final)
            return final.appendingPathComponent(rel).path
        } catch let e as ExperimentsError {
            try? fm.removeItem(at: tmp)
            throw e
        } catch {
            try? fm.removeItem(at: tmp)
            throw .file(path: recipe, message: "synthetic corpus generation failed (\(error))")
        }
    }
}
