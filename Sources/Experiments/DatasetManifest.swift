import ContentHash
import Foundation
import Tabular

/// A dataset manifest, format `affect.dataset.v1` (MANIFEST-SPEC.md): recordings with subject,
/// session, streams (audio / face landmarks / physiology, each with a time offset), labelled
/// segments, condition tags, group attributes, and provenance, licence and consent fields.
///
/// Every path is relative to the manifest's directory; `directory` holds it. Unknown keys are
/// errors (with a suggestion).
public struct DatasetManifest: Sendable, Equatable {
    public static let schema = "affect.dataset.v1"

    /// A stream of one recording. `file` is relative to the manifest directory.
    public struct Stream: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable, Codable { case audio, face, physio }
        public var kind: Kind
        public var file: String
        /// Time on the recording timeline of the stream's first sample (audio, physio), or added
        /// to the face `timestamp` column (seconds).
        public var offsetS: Double
        /// `openface` for face, `csv` or `wfdb` for physio, nil for audio (any libsndfile format).
        /// `wfdb`: `file` is a PhysioNet WFDB header (`.hea`, single segment, formats 16/212);
        /// the rate comes from the header, `columns` name header signals by description (e.g.
        /// `MLII`) or 0-based number, and each signal file the header names must be listed in
        /// `files` (it is hashed with the header).
        public var format: String?
        /// Physio sampling rate in Hz.
        public var rateHz: Double?
        /// Physio signal name (`ecg`, `ppg`, `eda`, `rsp`) → CSV column (or WFDB signal), sorted by signal name.
        public var columns: [(String, String)]

        public static func == (a: Stream, b: Stream) -> Bool {
            a.kind == b.kind && a.file == b.file && a.offsetS == b.offsetS && a.format == b.format
                && a.rateHz == b.rateHz && a.columns.map { "\($0.0)=\($0.1)" } == b.columns.map { "\($0.0)=\($0.1)" }
        }
    }

    /// A labelled interval on the recording timeline (seconds). `label` is the class; `values`
    /// holds every other field (e.g. `arousal`, `valence`), as given.
    public struct Segment: Sendable, Equatable {
        public var startS: Double
        public var endS: Double
        public var fields: [String: String]
    }

    public struct Recording: Sendable, Equatable {
        public var id: String
        public var subject: String
        public var session: String
        public var groups: [String: String]
        public var conditions: [String: String]
        public var streams: [Stream]
        public var segments: [Segment]

        public func stream(_ kind: Stream.Kind) -> Stream? { streams.first { $0.kind == kind } }
    }

    public var name: String
    public var description: String
    public var provenance: String
    public var licence: String
    public var consent: String
    public var labelSet: [String]
    public var recordings: [Recording]
    /// Data file path (relative) → SHA-256, in manifest order.
    public var files: [(path: String, sha256: String)]
    /// The manifest's directory (absolute or relative to the working directory).
    public var directory: String
    /// The manifest file path.
    public var source: String

    public static func == (a: DatasetManifest, b: DatasetManifest) -> Bool {
        a.name == b.name && a.recordings == b.recordings && a.files.map(\.path) == b.files.map(\.path)
            && a.files.map(\.sha256) == b.files.map(\.sha256) && a.labelSet == b.labelSet
    }

    /// Absolute or working-directory-relative path of a manifest-relative file.
    public func resolve(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : URL(fileURLWithPath: directory).appendingPathComponent(relative).path
    }

    /// Reads and validates the manifest at `path`.
    public static func load(path: String) throws(ExperimentsError) -> DatasetManifest {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .file(
                path: path,
                message: FileManager.default.fileExists(atPath: path)
                    ? "cannot be read as UTF-8 text" : "no such dataset manifest")
        }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, source: path, directory: dir)
    }

    /// Parses manifest text; `directory` is where relative paths point.
    public static func parse(yaml: String, source: String, directory: String) throws(ExperimentsError)
        -> DatasetManifest
    {
        let root = try ConfigValue.parse(yaml: yaml, source: source)
        var r = try ConfigReader(root, source: source, path: "")
        let schema = try r.string("schema")
        guard schema == Self.schema else {
            throw r.fail("schema", root["schema"], "'\(schema)' is not supported; expected '\(Self.schema)'")
        }
        let name = try r.string("name")
        let description = try r.string("description", default: "")
        let provenance = try r.string("provenance")
        let licence = try r.string("licence")
        let consent = try r.string("consent")
        let labels = try r.strings("label_set")
        guard !labels.isEmpty else {
            throw r.fail("label_set", root["label_set"], "is empty; expected the class names")
        }

        guard let recs = r.raw("recordings"), case .list(let items, _) = recs, !items.isEmpty else {
            throw r.fail("recordings", root["recordings"], "expected a non-empty list of recordings")
        }
        var recordings: [Recording] = []
        for (i, item) in items.enumerated() {
            let path = "recordings[\(i)]"
            var rr = try ConfigReader(item, source: source, path: path)
            let id = try rr.string("id")
            if recordings.contains(where: { $0.id == id }) {
                throw rr.fail("id", item["id"], "'\(id)' is used by an earlier recording; expected unique ids")
            }
            let subject = try rr.string("subject")
            let session = try rr.string("session", default: "1")
            let groups = try stringMap(&rr, "groups")
            let conditions = try stringMap(&rr, "conditions")
            var streams: [Stream] = []
            if var sr = try rr.reader("streams") {
                for kind in Stream.Kind.allCases {
                    guard var s = try sr.reader(kind.rawValue) else { continue }
                    let file = try s.string("file")
                    let offset = try s.double("offset_s", default: 0)
                    var stream = Stream(kind: kind, file: file, offsetS: offset, format: nil, rateHz: nil, columns: [])
                    switch kind {
                    case .audio:
                        break
                    case .face:
                        stream.format = try s.string("format", default: "openface", oneOf: ["openface"])
                    case .physio:
                        stream.format = try s.string("format", default: "csv", oneOf: ["csv", "wfdb"])
                        if stream.format == "wfdb" {
                            if s.has("rate_hz") {
                                throw s.fail(
                                    "rate_hz", nil,
                                    "is taken from the WFDB header for format 'wfdb'; remove it")
                            }
                            guard file.hasSuffix(".hea") else {
                                throw s.fail(
                                    "file", nil, "'\(file)' must be the WFDB header (.hea) for format 'wfdb'")
                            }
                        } else {
                            stream.rateHz = try s.double("rate_hz", min: 0, exclusiveMin: true)
                        }
                        var cols = try s.reader("columns", required: true)!
                        for sig in ["ecg", "ppg", "eda", "rsp"] {
                            if let c = try cols.optionalString(sig) { stream.columns.append((sig, c)) }
                        }
                        try cols.finish()
                        if stream.columns.isEmpty {
                            throw s.fail("columns", nil, "is empty; expected at least one of ecg, ppg, eda, rsp")
                        }
                    }
                    try s.finish()
                    streams.append(stream)
                }
                try sr.finish()
            }
            var segments: [Segment] = []
            guard let sv = rr.raw("segments"), case .list(let segItems, _) = sv, !segItems.isEmpty else {
                throw rr.fail("segments", item["segments"], "expected a non-empty list of labelled segments")
            }
            for (j, seg) in segItems.enumerated() {
                let sp = "\(path).segments[\(j)]"
                guard case .map(let pairs, _) = seg else {
                    throw .invalid(
                        source: source, path: sp, message: "expected a mapping with start_s, end_s and label fields")
                }
                var sg = try ConfigReader(seg, source: source, path: sp)
                let start = try sg.double("start_s", min: 0)
                let end = try sg.double("end_s")
                guard end > start else {
                    throw sg.fail("end_s", seg["end_s"], "\(end) must be after start_s (\(start))")
                }
                var fields: [String: String] = [:]
                for (k, v) in pairs where k != "start_s" && k != "end_s" {
                    guard case .scalar(let s, _, _) = v else {
                        throw .invalid(
                            source: source, path: "\(sp).\(k)", message: "expected a scalar value, found \(v.kindName)")
                    }
                    fields[k] = s
                }
                if let l = fields["label"], !labels.contains(l) {
                    throw .invalid(
                        source: source, path: "\(sp).label",
                        message: "'\(l)' is not in label_set; " + Suggest.hint(l, in: labels))
                }
                segments.append(Segment(startS: start, endS: end, fields: fields))
            }
            let sorted = segments.sorted { $0.startS < $1.startS }
            for k in sorted.indices.dropFirst() where sorted[k].startS < sorted[k - 1].endS {
                throw .invalid(
                    source: source, path: "\(path).segments",
                    message: "segments overlap at \(sorted[k].startS) s; expected disjoint intervals")
            }
            try rr.finish()
            recordings.append(
                Recording(
                    id: id, subject: subject, session: session, groups: groups, conditions: conditions,
                    streams: streams, segments: sorted))
        }

        var files: [(String, String)] = []
        if let fv = r.raw("files") {
            guard case .list(let fitems, _) = fv else { throw r.fail("files", fv, "expected a list of {path, sha256}") }
            for (i, f) in fitems.enumerated() {
                var fr = try ConfigReader(f, source: source, path: "files[\(i)]")
                let p = try fr.string("path")
                let h = try fr.string("sha256")
                guard h.count == 64, h.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                    throw fr.fail("sha256", f["sha256"], "expected 64 lowercase hex digits")
                }
                try fr.finish()
                files.append((p, h))
            }
        }
        try r.finish()
        for rec in recordings {
            for s in rec.streams where !files.contains(where: { $0.0 == s.file }) {
                throw .invalid(
                    source: source, path: "files",
                    message:
                        "stream file '\(s.file)' of recording '\(rec.id)' has no sha256 entry; expected every data file listed"
                )
            }
        }
        return DatasetManifest(
            name: name, description: description, provenance: provenance, licence: licence, consent: consent,
            labelSet: labels, recordings: recordings, files: files, directory: directory, source: source)
    }

    private static func stringMap(_ r: inout ConfigReader, _ key: String) throws(ExperimentsError) -> [String: String] {
        guard var m = try r.reader(key) else { return [:] }
        var out: [String: String] = [:]
        for (k, _) in m.pairs { out[k] = try m.string(k) }
        try m.finish()
        return out
    }

    /// Checks that every listed file exists and has the listed SHA-256 (hashing each once).
    /// Returns path → hash.
    public func verifyFiles() throws(ExperimentsError) -> [String: String] {
        var out: [String: String] = [:]
        for f in files {
            let p = resolve(f.path)
            guard FileManager.default.fileExists(atPath: p) else {
                throw .file(path: p, message: "listed in \(source) but missing")
            }
            let h: String
            do { h = try SHA256.hex(ofFileAt: p) } catch { throw .file(path: p, message: "cannot be read") }
            guard h == f.sha256 else {
                throw .file(
                    path: p,
                    message:
                        "SHA-256 \(h.prefix(12))… differs from the manifest's \(f.sha256.prefix(12))…; the data changed since the manifest was written"
                )
            }
            out[f.path] = h
        }
        return out
    }
}
