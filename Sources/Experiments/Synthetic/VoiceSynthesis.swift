import Foundation
import SignalCore

/// Source-filter voice synthesis for one recording.
///
/// Model (per sample n at rate fs): a Rosenberg (1971) glottal-flow derivative pulse train
/// (opening phase 0.40·T, closing phase (0.16 − 0.06·a)·T, closed otherwise) whose instantaneous
/// F0 is
///     F0(t) = F0_subject · 2^((k_a·r·(a − 0.5) + k_v·v + s_session + d(t) + c(t)) / 12)
/// with k_a, k_v the `effects.f0_semitones_per_arousal/valence`, r the subject's reactivity,
/// d(t) a declination of ±σ/2 over each utterance and c(t) a per-syllable accent ~ N(0, 0.8σ)
/// shaped by a half sine, σ = `effects.f0_range_semitones` at arousal a. Each period's length is
/// perturbed by jitter (SD 0.7 %) and its amplitude by shimmer (SD 5 %). Aspiration noise
/// (`effects.breathiness`) is added to the source, which is filtered by a cascade of four
/// two-pole resonators (unit DC gain; Klatt 1980) at the formants of one of five vowels per
/// syllable, scaled by the subject's vocal-tract factor and by 1 + 0.04·max(v, 0) (smiling
/// shortens the tract). Unvoiced consonant bursts (differenced white noise, 50–90 ms) fall
/// between half the syllables. Level: 0.05 · 10^(L·(a − 0.5)/20) with L = `loudness_db_per_arousal`.
/// Speech happens only inside labelled segments: utterances of 1.5–4 s separated by pauses of
/// (0.25–0.8 s)·(1.4 − a), syllables at `effects.syllable_rate_hz`, voiced nuclei 65 % of each syllable.
///
/// Noise: for `snr_db`, pink-ish noise (white through a one-pole low-pass, pole 0.9, mixed 1:1
/// with white) scaled so that 10·log10(P_speech/P_noise) = SNR, with P_speech the mean power over
/// voiced-nucleus samples; added over the whole recording.
struct VoiceTrack {
    /// Audio samples (full scale).
    var samples: [Double]
    /// Voiced nuclei (start s, end s): the mouth-opening timeline shared with the face.
    var nuclei: [(start: Double, end: Double)]
    /// Planted F0 every 10 ms from t = 0 (Hz; 0 where unvoiced).
    var f0Frames: [Double]
    /// Planted mean F0 (Hz) over the voiced samples of each segment (NaN if none voiced).
    var segmentF0MeanHz: [Double]
    /// Fraction of each segment's duration that is voiced.
    var segmentVoicedFraction: [Double]
    /// The SNR actually applied (dB), nil for clean.
    var snrDb: Double?
}

enum VoiceSynthesis {
    /// Vowel formants (Hz) F1–F4 for /a/, /i/, /u/, /e/, /o/ (adult male, Peterson & Barney 1952).
    static let vowels: [[Double]] = [
        [730, 1090, 2440, 3400], [270, 2290, 3010, 3500], [300, 870, 2240, 3400], [530, 1840, 2480, 3500],
        [570, 840, 2410, 3400],
    ]
    static let bandwidths: [Double] = [80, 100, 130, 180]

    struct Syllable {
        var start: Double
        var end: Double
        var vowel: Int
        var accent: Double
        var segment: Int
        var uttStart: Double
        var uttEnd: Double
    }

    static func synthesize(_ plan: RecordingPlan, effects e: SyntheticEffects, rate: Int, seed: UInt64) -> VoiceTrack {
        var g = SeededRandom.derived(seed: seed, stream: StreamID.recording(plan.index, part: 1))
        let fs = Double(rate)
        let n = Int((plan.duration * fs).rounded())
        let subject = plan.subject

        // 1. Speech schedule: utterances and syllables inside each segment.
        var syllables: [Syllable] = []
        for seg in plan.segments {
            let a = seg.arousal
            let rateHz = lerp(e.syllableRateHz, a)
            let sigma = lerp(e.f0RangeSemitones, a)
            var t = seg.start + g.uniform(0.1, 0.4)
            while t < seg.end - 0.6 {
                let uttEnd = min(seg.end - 0.15, t + g.uniform(1.5, 4.0))
                var s = t
                var uttSyll: [Syllable] = []
                while s < uttEnd - 0.1 {
                    let period = g.uniform(0.8, 1.2) / rateHz
                    let voicedEnd = min(uttEnd, s + 0.65 * period)
                    if voicedEnd - s > 0.06 {
                        uttSyll.append(
                            Syllable(
                                start: s, end: voicedEnd, vowel: g.index(vowels.count),
                                accent: g.normal(mean: 0, sd: 0.8 * sigma), segment: seg.index, uttStart: t,
                                uttEnd: uttEnd))
                    }
                    s += period
                }
                syllables += uttSyll
                t = uttEnd + g.uniform(0.25, 0.8) * (1.4 - a)
            }
        }

        // 2. Glottal source with jitter and shimmer, aspiration noise; planted F0 per sample.
        var source = [Double](repeating: 0, count: n)
        var f0Inst = [Double](repeating: 0, count: n)
        var consonant = [Double](repeating: 0, count: n)
        var vowelAt = [Int](repeating: -1, count: n)
        var gainAt = [Double](repeating: 0, count: n)
        let ramp = 0.025
        for (si, syl) in syllables.enumerated() {
            let seg = plan.segments[syl.segment]
            let a = seg.arousal
            let v = seg.valence
            let sigma = lerp(e.f0RangeSemitones, a)
            let center =
                e.f0SemitonesPerArousal * subject.reactivity * (a - 0.5) + e.f0SemitonesPerValence * v
                + plan.sessionF0Semitones
            let tn = 0.16 - 0.06 * a
            let tp = 0.40
            let breath = lerp(e.breathiness, a)
            let level = 0.05 * pow(10, e.loudnessDbPerArousal * (a - 0.5) / 20)
            let i0 = max(0, Int((syl.start * fs).rounded(.up)))
            let i1 = min(n, Int((syl.end * fs).rounded(.down)))
            guard i1 > i0 else { continue }
            var phase = 0.0
            var jitter = 1 + g.normal(mean: 0, sd: 0.007)
            var shimmer = 1 + g.normal(mean: 0, sd: 0.05)
            let uttLen = max(1e-6, syl.uttEnd - syl.uttStart)
            for i in i0..<i1 {
                let t = Double(i) / fs
                let x = (t - syl.start) / (syl.end - syl.start)
                let decl = sigma * (0.5 - (t - syl.uttStart) / uttLen)
                let st = center + decl + syl.accent * sin(Double.pi * x)
                let f0 = subject.f0BaseHz * pow(2, st / 12) * jitter
                f0Inst[i] = f0
                // Rosenberg glottal-flow derivative, in units of the period.
                var d = 0.0
                if phase < tp {
                    d = Double.pi / (2 * tp) * sin(Double.pi * phase / tp)
                } else if phase < tp + tn {
                    d = -Double.pi / (2 * tn) * sin(Double.pi * (phase - tp) / (2 * tn))
                }
                let env = min(1, (t - syl.start) / ramp, (syl.end - t) / ramp)
                let shaped = env > 0 ? 0.5 - 0.5 * cos(Double.pi * max(0, env)) : 0
                source[i] = shaped * (shimmer * d + breath * 3 * g.normal())
                vowelAt[i] = si
                gainAt[i] = level
                phase += f0 / fs
                if phase >= 1 {
                    phase -= 1
                    jitter = 1 + g.normal(mean: 0, sd: 0.007)
                    shimmer = 1 + g.normal(mean: 0, sd: 0.05)
                }
            }
            // An unvoiced consonant burst after half the syllables (in the unvoiced part).
            if g.uniform() < 0.5 {
                let c0 = Int(((syl.end + 0.01) * fs).rounded())
                let len = Int((g.uniform(0.05, 0.09) * fs).rounded())
                var prev = 0.0
                for i in c0..<min(n, c0 + len) {
                    let w = g.normal()
                    let u = Double(i - c0) / Double(len)
                    consonant[i] += level * 0.6 * sin(Double.pi * u) * (w - prev)
                    prev = w
                }
            }
        }

        // 3. Formant filter: cascade of four resonators, coefficients per syllable.
        var out = [Double](repeating: 0, count: n)
        var y1 = [Double](repeating: 0, count: 4)
        var y2 = [Double](repeating: 0, count: 4)
        var coef = resonators(vowel: 0, scale: subject.formantScale, fs: fs)
        var current = -1
        var gain = 0.05
        for i in 0..<n {
            let si = vowelAt[i]
            if si >= 0, si != current {
                current = si
                let syl = syllables[si]
                let v = plan.segments[syl.segment].valence
                coef = resonators(vowel: syl.vowel, scale: subject.formantScale * (1 + 0.04 * max(0, v)), fs: fs)
                gain = gainAt[i]
            }
            var x = source[i]
            for k in 0..<4 {
                let y = coef[k].b0 * x + coef[k].a1 * y1[k] + coef[k].a2 * y2[k]
                y2[k] = y1[k]
                y1[k] = y
                x = y
            }
            out[i] = gain * 0.08 * x + consonant[i]
        }

        // 4. Additive noise at the planted SNR.
        var voicedPower = 0.0
        var voicedCount = 0
        for i in 0..<n where f0Inst[i] > 0 {
            voicedPower += out[i] * out[i]
            voicedCount += 1
        }
        if let snr = plan.snrDb, voicedCount > 0 {
            var ng = SeededRandom.derived(seed: seed, stream: StreamID.recording(plan.index, part: 5))
            var noise = [Double](repeating: 0, count: n)
            var lp = 0.0
            var power = 0.0
            for i in 0..<n {
                let w = ng.normal()
                lp = 0.9 * lp + 0.1 * w * 4.36  // 4.36 ≈ unit variance of the low-pass branch
                noise[i] = 0.5 * (lp + w)
                power += noise[i] * noise[i]
            }
            power /= Double(n)
            let target = voicedPower / Double(voicedCount) / pow(10, snr / 10)
            let scale = (target / power).squareRoot()
            for i in 0..<n { out[i] += scale * noise[i] }
        }
        // Keep the peak below full scale (16-bit PCM would clip); scales the whole recording.
        let peak = out.reduce(0) { max($0, abs($1)) }
        if peak > 0.95 {
            let s = 0.95 / peak
            for i in 0..<n { out[i] *= s }
        }

        // 5. Truth: F0 every 10 ms, segment means over voiced samples.
        let hop = fs / 100
        let frames = Int(plan.duration * 100)
        let f0Frames = (0..<frames).map { j -> Double in
            let i = Int((Double(j) * hop).rounded())
            return i < n ? f0Inst[i] : 0
        }
        var means: [Double] = []
        var fractions: [Double] = []
        for seg in plan.segments {
            let i0 = max(0, Int((seg.start * fs).rounded()))
            let i1 = min(n, Int((seg.end * fs).rounded()))
            var sum = 0.0
            var count = 0
            for i in i0..<i1 where f0Inst[i] > 0 {
                sum += f0Inst[i]
                count += 1
            }
            means.append(count > 0 ? sum / Double(count) : .nan)
            fractions.append(Double(count) / Double(max(1, i1 - i0)))
        }
        return VoiceTrack(
            samples: out, nuclei: syllables.map { ($0.start, $0.end) }, f0Frames: f0Frames,
            segmentF0MeanHz: means, segmentVoicedFraction: fractions, snrDb: plan.snrDb)
    }

    struct Resonator {
        var b0: Double
        var a1: Double
        var a2: Double
    }

    /// Two-pole resonators y[n] = b0·x[n] + a1·y[n−1] + a2·y[n−2] with r = e^(−πB/fs),
    /// a1 = 2r·cos(2πF/fs), a2 = −r², b0 = 1 − a1 − a2 (unit gain at DC).
    static func resonators(vowel: Int, scale: Double, fs: Double) -> [Resonator] {
        (0..<4).map { k in
            let f = min(vowels[vowel][k] * scale, 0.45 * fs)
            let r = exp(-Double.pi * bandwidths[k] / fs)
            let a1 = 2 * r * cos(2 * Double.pi * f / fs)
            let a2 = -r * r
            return Resonator(b0: 1 - a1 - a2, a1: a1, a2: a2)
        }
    }
}
