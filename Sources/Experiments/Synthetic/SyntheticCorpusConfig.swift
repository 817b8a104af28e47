import Foundation
import Yams

/// The recipe of a synthetic multimodal corpus (`affect.synthetic.v1`), read from YAML.
///
/// Shape of the corpus: `subjects` subjects (split into synthetic groups by `groups.levels[].share`)
/// × `sessions` recordings each × `segments.per_recording` labelled segments per recording, each
/// segment one of the four classes `low_negative`, `low_positive`, `high_negative`, `high_positive`
/// (arousal low/high × valence negative/positive). Conditions (`conditions.*`) degrade measurement,
/// never the planted state. Every key is required except `description`, `seed` (default 1) and
/// `effects` (defaults documented on `SyntheticEffects`); unknown keys are errors naming the key path.
/// See Datasets/synthetic/README.md for the generative model and every effect size.
public struct SyntheticCorpusConfig: Codable, Sendable, Equatable {
    /// Must be `affect.synthetic.v1`.
    public var schema: String
    /// Corpus name (written to the manifest's `name`).
    public var name: String
    /// Free text for the manifest's `description`.
    public var description: String
    /// Default seed (overridden by the `seed:` argument of `SyntheticCorpus.generate`).
    public var seed: UInt64
    /// Number of subjects (≥ 1).
    public var subjects: Int
    /// Recordings (sessions) per subject (≥ 1).
    public var sessions: Int
    /// Synthetic groups (different baseline F0 and landmark noise).
    public var groups: SyntheticGroups
    /// Segment layout of each recording.
    public var segments: SyntheticSegments
    /// Sampling rates of the three streams.
    public var rates: SyntheticRates
    /// Effect sizes linking the planted state to the signals.
    public var effects: SyntheticEffects
    /// Measurement conditions assigned per recording.
    public var conditions: SyntheticConditions

    public static let schemaName = "affect.synthetic.v1"

    enum CodingKeys: String, CodingKey, CaseIterable {
        case schema, name, description, seed, subjects, sessions, groups, segments, rates, effects, conditions
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        subjects = try c.decode(Int.self, forKey: .subjects)
        sessions = try c.decode(Int.self, forKey: .sessions)
        groups = try c.decode(SyntheticGroups.self, forKey: .groups)
        segments = try c.decode(SyntheticSegments.self, forKey: .segments)
        rates = try c.decode(SyntheticRates.self, forKey: .rates)
        effects = try c.decodeIfPresent(SyntheticEffects.self, forKey: .effects) ?? SyntheticEffects()
        conditions = try c.decode(SyntheticConditions.self, forKey: .conditions)
    }

    /// Parses and validates a config from YAML text; `source` names it in errors (e.g. the file path).
    public static func parse(yaml: String, source: String) throws(SyntheticCorpusError) -> SyntheticCorpusConfig {
        let config: SyntheticCorpusConfig
        do {
            config = try YAMLDecoder().decode(SyntheticCorpusConfig.self, from: yaml)
        } catch let e as ConfigKeyError {
            throw .invalidConfig(source: source, path: e.path, problem: e.problem)
        } catch let e as DecodingError {
            throw describe(e, source: source)
        } catch {
            throw .unparsable(source: source, detail: "\(error)")
        }
        try config.validate(source: source)
        return config
    }

    /// Reads, parses and validates the config file at `path`.
    public static func load(path: String) throws(SyntheticCorpusError) -> SyntheticCorpusConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .output(path: path, problem: "cannot be read (\(error.localizedDescription))")
        }
        return try parse(yaml: text, source: path)
    }

    static func describe(_ e: DecodingError, source: String) -> SyntheticCorpusError {
        switch e {
        case .keyNotFound(let key, let ctx):
            return .invalidConfig(
                source: source, path: keyPathText(ctx.codingPath + [key]), problem: "missing required key")
        case .typeMismatch(let type, let ctx):
            return .invalidConfig(
                source: source, path: keyPathText(ctx.codingPath), problem: "expected \(typeName(type))")
        case .valueNotFound(let type, let ctx):
            return .invalidConfig(
                source: source, path: keyPathText(ctx.codingPath), problem: "missing value; expected \(typeName(type))")
        case .dataCorrupted(let ctx):
            // Yams wraps errors thrown inside init(from:) and YAML syntax errors this way.
            if let inner = ctx.underlyingError as? ConfigKeyError {
                return .invalidConfig(source: source, path: inner.path, problem: inner.problem)
            }
            if let inner = ctx.underlyingError as? DecodingError { return describe(inner, source: source) }
            if let inner = ctx.underlyingError { return .unparsable(source: source, detail: "\(inner)") }
            return .invalidConfig(source: source, path: keyPathText(ctx.codingPath), problem: ctx.debugDescription)
        @unknown default:
            return .unparsable(source: source, detail: "\(e)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        case is [Double].Type: return "a list of numbers"
        default: return "\(type)"
        }
    }

    /// Checks every value; throws naming the first key path that is out of range.
    public func validate(source: String = "config") throws(SyntheticCorpusError) {
        func fail(_ path: String, _ problem: String) -> SyntheticCorpusError {
            .invalidConfig(source: source, path: path, problem: problem)
        }
        func range(_ r: [Double], _ path: String, min lo: Double, max hi: Double = .infinity)
            throws(SyntheticCorpusError)
        {
            guard r.count == 2 else { throw fail(path, "expected [low, high] (2 numbers), got \(r.count)") }
            guard r.allSatisfy({ $0.isFinite && $0 >= lo && $0 <= hi }) else {
                throw fail(path, "values \(r) must lie in [\(lo), \(hi)]")
            }
            guard r[0] <= r[1] else { throw fail(path, "range [\(r[0]), \(r[1])] is inverted; expected low ≤ high") }
        }
        guard schema == Self.schemaName else { throw fail("schema", "'\(schema)'; expected \(Self.schemaName)") }
        guard !name.isEmpty else { throw fail("name", "empty; expected a corpus name") }
        guard subjects >= 1, subjects <= 999 else { throw fail("subjects", "\(subjects); expected 1…999 subjects") }
        guard sessions >= 1, sessions <= 99 else { throw fail("sessions", "\(sessions); expected 1…99 sessions") }

        guard !groups.attribute.isEmpty else { throw fail("groups.attribute", "empty; expected a name") }
        guard !groups.levels.isEmpty else { throw fail("groups.levels", "empty; expected at least one group") }
        guard groups.levels.count <= subjects else {
            throw fail("groups.levels", "\(groups.levels.count) groups for \(subjects) subjects; expected ≤ subjects")
        }
        for (i, g) in groups.levels.enumerated() {
            let p = "groups.levels[\(i)]"
            guard !g.name.isEmpty else { throw fail("\(p).name", "empty") }
            guard groups.levels.filter({ $0.name == g.name }).count == 1 else {
                throw fail("\(p).name", "'\(g.name)' is used twice")
            }
            guard g.share.isFinite, g.share > 0 else { throw fail("\(p).share", "\(g.share); expected > 0") }
            try range(g.f0BaselineHz, "\(p).f0_baseline_hz", min: 60, max: 400)
            guard g.landmarkNoiseIOD.isFinite, g.landmarkNoiseIOD >= 0, g.landmarkNoiseIOD <= 0.2 else {
                throw fail("\(p).landmark_noise_iod", "\(g.landmarkNoiseIOD); expected 0…0.2 inter-ocular distances")
            }
        }

        guard segments.perRecording >= 1, segments.perRecording <= 64 else {
            throw fail("segments.per_recording", "\(segments.perRecording); expected 1…64")
        }
        try range(segments.durationS, "segments.duration_s", min: 2, max: 600)
        guard segments.gapS.isFinite, segments.gapS >= 0, segments.gapS <= 60 else {
            throw fail("segments.gap_s", "\(segments.gapS); expected 0…60 s")
        }
        guard segments.leadS.isFinite, segments.leadS >= 0, segments.leadS <= 60 else {
            throw fail("segments.lead_s", "\(segments.leadS); expected 0…60 s")
        }

        guard rates.audioHz >= 8000, rates.audioHz <= 96000 else {
            throw fail("rates.audio_hz", "\(rates.audioHz); expected 8000…96000 Hz")
        }
        guard rates.faceFps.isFinite, rates.faceFps >= 5, rates.faceFps <= 240 else {
            throw fail("rates.face_fps", "\(rates.faceFps); expected 5…240 frames/s")
        }
        guard rates.physioHz >= 100, rates.physioHz <= 2000 else {
            throw fail("rates.physio_hz", "\(rates.physioHz); expected 100…2000 Hz")
        }

        try effects.validate(fail: fail, range: range)
        try conditions.validate(fail: fail, range: range)
    }
}

/// Synthetic groups: each subject belongs to one level of `attribute` (e.g. `speaker_group`).
public struct SyntheticGroups: Codable, Sendable, Equatable {
    /// The group attribute written to the manifest's `groups` map.
    public var attribute: String
    /// The groups; subjects are allotted in proportion to `share` (largest remainder), in order.
    public var levels: [SyntheticGroup]

    enum CodingKeys: String, CodingKey, CaseIterable { case attribute, levels }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        attribute = try c.decode(String.self, forKey: .attribute)
        levels = try c.decode([SyntheticGroup].self, forKey: .levels)
    }
}

/// One synthetic group.
public struct SyntheticGroup: Codable, Sendable, Equatable {
    public var name: String
    /// Relative share of subjects (> 0).
    public var share: Double
    /// Range [low, high] (Hz) from which each subject's baseline F0 is drawn uniformly.
    public var f0BaselineHz: [Double]
    /// Landmark detector noise SD in inter-ocular distances (IOD), before the lighting factor.
    public var landmarkNoiseIOD: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, share
        case f0BaselineHz = "f0_baseline_hz"
        case landmarkNoiseIOD = "landmark_noise_iod"
    }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        share = try c.decode(Double.self, forKey: .share)
        f0BaselineHz = try c.decode([Double].self, forKey: .f0BaselineHz)
        landmarkNoiseIOD = try c.decode(Double.self, forKey: .landmarkNoiseIOD)
    }
}

/// Segment layout: `lead_s` of rest, then `per_recording` segments each followed by `gap_s` of rest.
public struct SyntheticSegments: Codable, Sendable, Equatable {
    /// Labelled segments per recording; classes cycle through a fresh shuffle of the four classes.
    public var perRecording: Int
    /// Segment duration range [low, high] in s (drawn uniformly, rounded to 0.1 s).
    public var durationS: [Double]
    /// Unlabelled rest between segments (s); the state moves linearly to the next segment's.
    public var gapS: Double
    /// Unlabelled rest before the first segment (s).
    public var leadS: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case perRecording = "per_recording"
        case durationS = "duration_s"
        case gapS = "gap_s"
        case leadS = "lead_s"
    }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        perRecording = try c.decode(Int.self, forKey: .perRecording)
        durationS = try c.decode([Double].self, forKey: .durationS)
        gapS = try c.decode(Double.self, forKey: .gapS)
        leadS = try c.decode(Double.self, forKey: .leadS)
    }
}

/// Stream rates.
public struct SyntheticRates: Codable, Sendable, Equatable {
    /// Audio sample rate (Hz), written as 16-bit PCM WAV.
    public var audioHz: Int
    /// Landmark frame rate (frames/s).
    public var faceFps: Double
    /// Physiology sample rate (Hz) of the ecg/ppg/eda/rsp CSV.
    public var physioHz: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case audioHz = "audio_hz"
        case faceFps = "face_fps"
        case physioHz = "physio_hz"
    }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        audioHz = try c.decode(Int.self, forKey: .audioHz)
        faceFps = try c.decode(Double.self, forKey: .faceFps)
        physioHz = try c.decode(Int.self, forKey: .physioHz)
    }
}
