/// Measurement conditions, assigned per recording: each factor's levels are dealt to the recordings
/// in proportion to `weight` (largest remainder), stratified by group and by the factors dealt
/// before it (`SyntheticPlanner.balancedDeal`, ties broken on the factor's own seeded stream), so
/// every level of a factor gets the same mix of groups and of the other conditions as far as the
/// counts allow, and a per-condition comparison is not confounded by them.
///
/// Conditions degrade measurement, never the planted state: the truth files are the same whatever
/// the condition. Factors: `audio_snr` (additive noise), `lighting` (landmark noise and dropped
/// frames), `sensor` (missing streams), `motion` (electrode-motion artefacts in the ECG).
public struct SyntheticConditions: Codable, Sendable, Equatable {
    public var audioSNR: [SNRLevel]
    public var lighting: [LightingLevel]
    public var sensor: [SensorLevel]
    public var motion: [MotionLevel]

    /// The condition factor names, in manifest order.
    public static let factorNames = ["audio_snr", "lighting", "sensor", "motion"]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case audioSNR = "audio_snr"
        case lighting, sensor, motion
    }

    public init(from decoder: any Decoder) throws {
        let present = try decoder.container(keyedBy: AnyCodingKey.self).allKeys
        for key in present where !Self.factorNames.contains(key.stringValue) {
            throw ConfigKeyError(
                path: keyPathText(decoder.codingPath + [key]),
                problem:
                    "unknown condition '\(key.stringValue)'; expected one of: \(Self.factorNames.joined(separator: ", "))"
            )
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        audioSNR = try c.decode([SNRLevel].self, forKey: .audioSNR)
        lighting = try c.decode([LightingLevel].self, forKey: .lighting)
        sensor = try c.decode([SensorLevel].self, forKey: .sensor)
        motion = try c.decode([MotionLevel].self, forKey: .motion)
    }

    /// (name, weight) of every level of each factor, in `factorNames` order.
    var factors: [(String, [(String, Double)])] {
        [
            ("audio_snr", audioSNR.map { ($0.name, $0.weight) }),
            ("lighting", lighting.map { ($0.name, $0.weight) }),
            ("sensor", sensor.map { ($0.name, $0.weight) }),
            ("motion", motion.map { ($0.name, $0.weight) }),
        ]
    }

    func validate(
        fail: (String, String) -> SyntheticCorpusError,
        range: ([Double], String, Double, Double) throws(SyntheticCorpusError) -> Void
    ) throws(SyntheticCorpusError) {
        for (factor, levels) in factors {
            guard !levels.isEmpty else { throw fail("conditions.\(factor)", "empty; expected at least one level") }
            for (i, (name, weight)) in levels.enumerated() {
                let p = "conditions.\(factor)[\(i)]"
                guard !name.isEmpty else { throw fail("\(p).name", "empty; expected a level name") }
                guard levels.filter({ $0.0 == name }).count == 1 else {
                    throw fail("\(p).name", "'\(name)' is used twice")
                }
                guard weight.isFinite, weight > 0 else { throw fail("\(p).weight", "\(weight); expected > 0") }
            }
        }
        for (i, l) in audioSNR.enumerated() {
            if let r = l.snrDb { try range(r, "conditions.audio_snr[\(i)].snr_db", -20, 80) }
        }
        for (i, l) in lighting.enumerated() {
            let p = "conditions.lighting[\(i)]"
            guard l.noiseFactor.isFinite, l.noiseFactor >= 0, l.noiseFactor <= 20 else {
                throw fail("\(p).noise_factor", "\(l.noiseFactor); expected 0…20")
            }
            guard l.dropFraction.isFinite, l.dropFraction >= 0, l.dropFraction <= 0.9 else {
                throw fail("\(p).drop_fraction", "\(l.dropFraction); expected 0…0.9")
            }
        }
        for (i, l) in sensor.enumerated() {
            for (j, s) in l.missing.enumerated() where !["audio", "face", "physio"].contains(s) {
                throw fail("conditions.sensor[\(i)].missing[\(j)]", "'\(s)'; expected audio, face or physio")
            }
            if Set(l.missing).count == 3 {
                throw fail("conditions.sensor[\(i)].missing", "all three streams missing; expected at least one left")
            }
        }
        for (i, l) in motion.enumerated() {
            guard l.artefactsPerMin.isFinite, l.artefactsPerMin >= 0, l.artefactsPerMin <= 60 else {
                throw fail("conditions.motion[\(i)].artefacts_per_min", "\(l.artefactsPerMin); expected 0…60")
            }
        }
    }
}

/// An audio noise level: `snr_db: [low, high]` draws the recording's SNR (dB, speech-active power
/// over noise power) uniformly; absent = no added noise ("clean").
public struct SNRLevel: Codable, Sendable, Equatable {
    public var name: String
    public var weight: Double
    public var snrDb: [Double]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, weight
        case snrDb = "snr_db"
    }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        weight = try c.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        snrDb = try c.decodeIfPresent([Double].self, forKey: .snrDb)
    }
}

/// A lighting level: landmark noise multiplied by `noise_factor`; `drop_fraction` of frames lost in
/// bursts (success = 0, landmarks 0, as OpenFace writes failed frames).
public struct LightingLevel: Codable, Sendable, Equatable {
    public var name: String
    public var weight: Double
    public var noiseFactor: Double
    public var dropFraction: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, weight
        case noiseFactor = "noise_factor"
        case dropFraction = "drop_fraction"
    }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        weight = try c.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        noiseFactor = try c.decodeIfPresent(Double.self, forKey: .noiseFactor) ?? 1
        dropFraction = try c.decodeIfPresent(Double.self, forKey: .dropFraction) ?? 0
    }
}

/// A sensor level: the streams in `missing` (audio, face, physio) are not written for the recording.
public struct SensorLevel: Codable, Sendable, Equatable {
    public var name: String
    public var weight: Double
    public var missing: [String]

    enum CodingKeys: String, CodingKey, CaseIterable { case name, weight, missing }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        weight = try c.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        missing = try c.decodeIfPresent([String].self, forKey: .missing) ?? []
    }
}

/// A motion level: electrode-motion artefacts (baseline excursions plus burst noise, 0.5–2 s each)
/// in the ECG at `artefacts_per_min`.
public struct MotionLevel: Codable, Sendable, Equatable {
    public var name: String
    public var weight: Double
    public var artefactsPerMin: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, weight
        case artefactsPerMin = "artefacts_per_min"
    }
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        weight = try c.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        artefactsPerMin = try c.decodeIfPresent(Double.self, forKey: .artefactsPerMin) ?? 0
    }
}
