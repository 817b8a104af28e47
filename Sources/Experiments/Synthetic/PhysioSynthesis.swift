import Foundation
import SignalCore

/// Physiology synthesis for one recording at `physio_hz`: ECG, PPG, EDA and respiration.
///
/// - Respiration: phase φ advancing at f(t) = `respiration_per_min`(a(t))/60 Hz (± 5 % slow
///   jitter); belt signal (a.u.) = A_breath·(−cos 2πφ + 0.25·sin 4πφ) + N(0, 0.02²), A_breath ∈ [0.8, 1.2].
/// - Beats: r_{n+1} = r_n + RR_n, RR_n = 60/HR(r_n) − RSA(a)·sin 2πφ(r_n) + 0.02·sin(2π·0.1·r_n + ψ)
///   + N(0, 0.008²) s with HR(t) = HR_subject + `heart_rate_bpm_per_arousal`·reactivity·(a(t) − 0.5)
///   and RSA = `rsa_amplitude_ms`(a) (RR shortens during inspiration).
/// - ECG: ECGSYN (`ECGSyn`) through the beats, + N(0, 0.015² mV²); under `motion`, electrode-motion
///   artefacts at `artefacts_per_min`: raised-cosine baseline excursions of ±(0.5–2) mV plus
///   low-passed burst noise (SD 0.25 mV), 0.5–2 s each.
/// - PPG: per beat a systolic Gaussian (peak 0.15·c s after the foot, SD 0.06·c) plus a diastolic
///   one (0.40·c, SD 0.09·c, ×0.45), c = √(RR/0.85); foot at r_n + PTT, PTT = PTT_subject −
///   0.04·(a − 0.5) s; amplitude × (1 + 0.1·sin 2πφ), + 0.1·respiration baseline + N(0, 0.01²) (a.u.).
/// - EDA (µS): tonic = EDA_subject + 0.3·reactivity·(ā(t) − 0.5) + 0.1·sin(2πt/90 + ψ), ā the state
///   arousal low-passed with a 30 s time constant (the tonic level changes slowly); SCR onsets
///   with a refractory 2.5 s plus an exponential wait, so the rate is `scr_per_min`(a)·reactivity;
///   each SCR A·(e^(−t/2.0) − e^(−t/0.75)) normalised to peak A, A ~ U(0.15, 0.6)·(0.6 + 0.8a);
///   + N(0, 0.005²).
struct PhysioTrack {
    var ecg: [Double]
    var ppg: [Double]
    var eda: [Double]
    var rsp: [Double]
    /// Planted R-peak times (s) inside [0, duration).
    var rPeaks: [Double]
    /// Planted SCR (onset s, peak s, amplitude µS).
    var scrs: [(onset: Double, peak: Double, amplitude: Double)]
    /// Motion artefact intervals (start s, end s).
    var artefacts: [(start: Double, end: Double)]
    /// Per segment: heart rate (bpm) = 60 / mean RR of consecutive planted beats inside the segment.
    var segmentHR: [Double]
    var segmentRRMeanMs: [Double]
    var segmentSCRCount: [Int]
    /// Per segment: breaths per minute = planted mean respiration frequency × 60.
    var segmentRespRate: [Double]
}

enum PhysioSynthesis {
    static let scrRise = 0.75
    static let scrDecay = 2.0
    static let scrRefractory = 2.5

    static func synthesize(_ plan: RecordingPlan, effects e: SyntheticEffects, rate: Int, seed: UInt64) -> PhysioTrack {
        var g = SeededRandom.derived(seed: seed, stream: StreamID.recording(plan.index, part: 3))
        let s = plan.subject
        let fs = Double(rate)
        let n = Int((plan.duration * fs).rounded())
        let T = plan.duration
        func arousal(_ t: Double) -> Double { plan.state(at: min(max(t, 0), T)).arousal }

        // Respiration phase and belt signal.
        var phase = [Double](repeating: 0, count: n)
        var respFreq = [Double](repeating: 0, count: n)
        var rsp = [Double](repeating: 0, count: n)
        var ph = g.uniform()
        let jitterPeriod = g.uniform(20, 40)
        let jitterPhase = g.uniform(0, 2 * Double.pi)
        var breathAmp = g.uniform(0.8, 1.2)
        for i in 0..<n {
            let t = Double(i) / fs
            let f =
                lerp(e.respirationPerMin, arousal(t)) / 60
                * (1 + 0.05 * sin(2 * Double.pi * t / jitterPeriod + jitterPhase))
            respFreq[i] = f
            phase[i] = ph
            rsp[i] = breathAmp * (-cos(2 * Double.pi * ph) + 0.25 * sin(4 * Double.pi * ph)) + 0.02 * g.normal()
            ph += f / fs
            if ph >= 1 {
                ph -= 1
                breathAmp = g.uniform(0.8, 1.2)
            }
        }
        func respPhase(_ t: Double) -> Double {
            let i = Int((t * fs).rounded())
            if i < 0 { return phase[0] + respFreq[0] * t }
            if i >= n { return phase[n - 1] }
            return phase[i]
        }

        // Beats.
        let lfPhase = g.uniform(0, 2 * Double.pi)
        var beats: [Double] = [-g.uniform(0.5, 1.5)]
        while beats[beats.count - 1] < T + 1.5 {
            let r = beats[beats.count - 1]
            let a = arousal(r)
            let hr = s.restingHRBpm + e.heartRateBpmPerArousal * s.reactivity * (a - 0.5)
            let rsa = lerp(e.rsaAmplitudeMs, a) / 1000
            let rr =
                60 / hr - rsa * sin(2 * Double.pi * respPhase(r)) + 0.02 * sin(2 * Double.pi * 0.1 * r + lfPhase)
                + g.normal(mean: 0, sd: 0.008)
            beats.append(r + max(0.3, rr))
        }
        let inside = beats.filter { $0 >= 0 && $0 < T }
        let meanHR = inside.count > 1 ? 60 * Double(inside.count - 1) / (inside[inside.count - 1] - inside[0]) : 70
        let meanResp = respFreq.reduce(0, +) / Double(max(1, n))
        var ecg = ECGSyn.synthesize(
            rPeaks: beats, duration: T, outputRate: rate, respirationHz: meanResp, meanHR: meanHR)
        for i in 0..<n { ecg[i] += 0.015 * g.normal() }

        // Motion artefacts.
        var artefacts: [(Double, Double)] = []
        if plan.motionPerMin > 0 {
            var t = -log(max(1e-12, 1 - g.uniform())) * 60 / plan.motionPerMin
            while t < T {
                let dur = g.uniform(0.5, 2.0)
                let excursion = (g.uniform() < 0.5 ? -1 : 1) * g.uniform(0.5, 2.0)
                let i0 = Int((t * fs).rounded())
                let i1 = min(n, Int(((t + dur) * fs).rounded()))
                var lp = 0.0
                if i1 > i0 {
                    for i in i0..<i1 {
                        let u = Double(i - i0) / Double(i1 - i0)
                        lp = 0.7 * lp + 0.3 * g.normal() * 2.4
                        ecg[i] += excursion * (0.5 - 0.5 * cos(2 * Double.pi * u)) + 0.25 * lp * sin(Double.pi * u)
                    }
                }
                artefacts.append((t, min(T, t + dur)))
                t += dur + -log(max(1e-12, 1 - g.uniform())) * 60 / plan.motionPerMin
            }
        }

        // PPG.
        var ppg = [Double](repeating: 0, count: n)
        for b in 0..<(beats.count - 1) {
            let rr = beats[b + 1] - beats[b]
            let c = (rr / 0.85).squareRoot()
            let foot = beats[b] + s.pttS - 0.04 * (arousal(beats[b]) - 0.5)
            let i0 = max(0, Int(((foot - 0.1) * fs).rounded()))
            let i1 = min(n, Int(((foot + 1.4 * c) * fs).rounded()))
            guard i1 > i0 else { continue }
            for i in i0..<i1 {
                let tau = Double(i) / fs - foot
                let sys = exp(-pow(tau - 0.15 * c, 2) / (2 * pow(0.06 * c, 2)))
                let dia = 0.45 * exp(-pow(tau - 0.40 * c, 2) / (2 * pow(0.09 * c, 2)))
                ppg[i] += (sys + dia) * (1 + 0.1 * sin(2 * Double.pi * phase[i]))
            }
        }
        for i in 0..<n { ppg[i] += 0.1 * rsp[i] + 0.01 * g.normal() }

        // EDA.
        var scrs: [(Double, Double, Double)] = []
        var t = g.uniform(0.5, 4)
        while t < T {
            let a = arousal(t)
            let amp = g.uniform(0.15, 0.6) * (0.6 + 0.8 * a)
            let tPeak = log(scrDecay / scrRise) * scrRise * scrDecay / (scrDecay - scrRise)
            scrs.append((t, t + tPeak, amp))
            let rateHz = max(1e-3, lerp(e.scrPerMin, a) * s.reactivity / 60)
            let wait = max(0.5, 1 / rateHz - scrRefractory)
            t += scrRefractory + -log(max(1e-12, 1 - g.uniform())) * wait
        }
        let tPeak = log(scrDecay / scrRise) * scrRise * scrDecay / (scrDecay - scrRise)
        let norm = exp(-tPeak / scrDecay) - exp(-tPeak / scrRise)
        let driftPhase = g.uniform(0, 2 * Double.pi)
        var eda = [Double](repeating: 0, count: n)
        var slow = arousal(0)
        for i in 0..<n {
            let ti = Double(i) / fs
            slow += (arousal(ti) - slow) / (30 * fs)
            eda[i] = s.edaTonicUS + 0.3 * s.reactivity * (slow - 0.5) + 0.1 * sin(2 * Double.pi * ti / 90 + driftPhase)
        }
        for (onset, _, amp) in scrs {
            let i0 = max(0, Int((onset * fs).rounded(.up)))
            let i1 = min(n, Int(((onset + 20) * fs).rounded()))
            guard i1 > i0 else { continue }
            for i in i0..<i1 {
                let u = Double(i) / fs - onset
                eda[i] += amp * (exp(-u / scrDecay) - exp(-u / scrRise)) / norm
            }
        }
        for i in 0..<n { eda[i] += 0.005 * g.normal() }

        // Truth per segment.
        var hrs: [Double] = []
        var rrs: [Double] = []
        var counts: [Int] = []
        var resps: [Double] = []
        for seg in plan.segments {
            let b = inside.filter { $0 >= seg.start && $0 < seg.end }
            if b.count > 1 {
                let meanRR = (b[b.count - 1] - b[0]) / Double(b.count - 1)
                hrs.append(60 / meanRR)
                rrs.append(meanRR * 1000)
            } else {
                hrs.append(.nan)
                rrs.append(.nan)
            }
            counts.append(scrs.filter { $0.0 >= seg.start && $0.0 < seg.end }.count)
            let i0 = max(0, Int((seg.start * fs).rounded()))
            let i1 = min(n, Int((seg.end * fs).rounded()))
            resps.append(i1 > i0 ? respFreq[i0..<i1].reduce(0, +) / Double(i1 - i0) * 60 : .nan)
        }
        return PhysioTrack(
            ecg: ecg, ppg: ppg, eda: eda, rsp: rsp, rPeaks: inside,
            scrs: scrs.map { (onset: $0.0, peak: $0.1, amplitude: $0.2) },
            artefacts: artefacts.map { (start: $0.0, end: $0.1) }, segmentHR: hrs, segmentRRMeanMs: rrs,
            segmentSCRCount: counts, segmentRespRate: resps)
    }
}
