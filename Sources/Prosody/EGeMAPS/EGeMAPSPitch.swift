import Foundation

/// Subharmonic-summation pitch with Viterbi smoothing (Hermes 1988, JASA 83(1):257–264; the
/// eGeMAPS F0 of Eyben et al. 2016).
///
/// Per 60 ms Gaussian frame (magnitude spectrum |X(f)|):
/// 1. peak enhancement: bins farther than 2 bins from a local maximum are set to 0, then a
///    [¼, ½, ¼] smoothing (Hermes §II.A);
/// 2. the enhanced spectrum is interpolated (linearly) onto a log2-frequency grid of 48 points per
///    octave from 25 Hz to the Nyquist frequency and weighted by the auditory sensitivity
///    A(s) = ½ + atan(3·(s − log2 65))/π, s in octaves (Hermes eq. 4);
/// 3. H(s) = Σ_{n=1}^{N} h^{n−1} P(s + log2 n) for s in [log2 f_min, log2 f_max] (N = 15, h = 0.85);
/// 4. candidates are the (up to 6) largest local maxima of H, refined by parabolic interpolation;
///    each has a voicing v = 1 − mean(H)/H(s_c) (0 for a flat or empty sum, → 1 for a sharp
///    harmonic peak);
/// 5. frames whose 5-frame running median of the best voicing is below the threshold are
///    unvoiced; a Viterbi path over the candidates of consecutive voiced frames minimises
///    Σ (1 − v_c) + 2·|log2(f_t/f_{t−1})| (octave-jump cost).
/// Output: F0 in Hz per frame (0 = unvoiced) and the voicing of the best candidate.
enum EGeMAPSPitch {
    static let pointsPerOctave = 48.0
    static let maxCandidates = 6

    struct Candidate {
        var logF: Double
        var voicing: Double
    }

    static func track(spectra: EGeMAPSSpectra, parameters p: EGeMAPSParameters) -> (f0: [Double], voicing: [Double]) {
        let nyq = spectra.binHz * Double(spectra.bins - 1)
        let lo = log2(25.0)
        let hi = log2(nyq)
        let gridCount = Int(((hi - lo) * pointsPerOctave).rounded(.down)) + 1
        // Precompute grid positions in bins and auditory weights.
        var gridBin = [Double](repeating: 0, count: gridCount)
        var weight = [Double](repeating: 0, count: gridCount)
        for g in 0..<gridCount {
            let s = lo + Double(g) / pointsPerOctave
            gridBin[g] = exp2(s) / spectra.binHz
            weight[g] = 0.5 + atan(3 * (s - log2(65.0))) / Double.pi
        }
        let sMin = log2(p.f0MinHz)
        let sMax = log2(p.f0MaxHz)
        let g0 = Int(((sMin - lo) * pointsPerOctave).rounded(.up))
        let g1 = min(gridCount - 1, Int(((sMax - lo) * pointsPerOctave).rounded(.down)))
        let harmonics = p.shsHarmonics
        let offsets = (1...harmonics).map { log2(Double($0)) * pointsPerOctave }
        let weights = (0..<harmonics).map { pow(p.shsCompression, Double($0)) }

        var candidates = [[Candidate]](repeating: [], count: spectra.count)
        var best = [Double](repeating: 0, count: spectra.count)
        var enhanced = [Double](repeating: 0, count: spectra.bins)
        var smooth = [Double](repeating: 0, count: spectra.bins)
        var grid = [Double](repeating: 0, count: gridCount)
        var shs = [Double](repeating: 0, count: max(0, g1 - g0 + 1))
        let nb = spectra.bins
        for k in 0..<spectra.count {
            let base = k * nb
            // 1. peak enhancement
            for f in 0..<nb { enhanced[f] = 0 }
            spectra.values.withUnsafeBufferPointer { v in
                for f in 1..<(nb - 1) where v[base + f] > v[base + f - 1] && v[base + f] >= v[base + f + 1] {
                    for j in max(0, f - 2)...min(nb - 1, f + 2) { enhanced[j] = v[base + j] }
                }
            }
            smooth[0] = 0.75 * enhanced[0] + 0.25 * enhanced[1]
            for f in 1..<(nb - 1) { smooth[f] = 0.25 * enhanced[f - 1] + 0.5 * enhanced[f] + 0.25 * enhanced[f + 1] }
            smooth[nb - 1] = 0.25 * enhanced[nb - 2] + 0.75 * enhanced[nb - 1]
            // 2. log-frequency grid
            for g in 0..<gridCount {
                let b = gridBin[g]
                let i = Int(b)
                let fr = b - Double(i)
                let a = smooth[min(i, nb - 1)]
                let c = smooth[min(i + 1, nb - 1)]
                grid[g] = (a + (c - a) * fr) * weight[g]
            }
            // 3. subharmonic summation
            var sum = 0.0
            var maxH = 0.0
            for g in g0...g1 {
                var h = 0.0
                for n in 0..<harmonics {
                    let pos = Double(g) + offsets[n]
                    let i = Int(pos)
                    if i + 1 >= gridCount { break }
                    let fr = pos - Double(i)
                    h += weights[n] * (grid[i] + (grid[i + 1] - grid[i]) * fr)
                }
                shs[g - g0] = h
                sum += h
                maxH = max(maxH, h)
            }
            guard maxH > 0 else { continue }
            let meanH = sum / Double(shs.count)
            // 4. candidates
            var cands: [Candidate] = []
            for j in 1..<(shs.count - 1) where shs[j] > shs[j - 1] && shs[j] >= shs[j + 1] {
                let a = shs[j - 1]
                let b = shs[j]
                let c = shs[j + 1]
                let den = a - 2 * b + c
                let delta = den != 0 ? 0.5 * (a - c) / den : 0
                let peak = b - 0.25 * (a - c) * delta
                let s = lo + (Double(g0 + j) + delta) / pointsPerOctave
                cands.append(Candidate(logF: s, voicing: 1 - meanH / peak))
            }
            cands.sort { $0.voicing > $1.voicing }
            if cands.count > maxCandidates { cands.removeLast(cands.count - maxCandidates) }
            candidates[k] = cands
            best[k] = cands.first?.voicing ?? 0
        }
        // 5. voicing decision on the 5-frame running median of the best voicing (suppresses
        //    isolated voiced or unvoiced frames), then Viterbi over each voiced run
        let raw = best
        for t in raw.indices {
            let w = raw[max(0, t - 2)...min(raw.count - 1, t + 2)].sorted()
            best[t] = w[w.count / 2]
        }
        var f0 = [Double](repeating: 0, count: spectra.count)
        var k = 0
        while k < spectra.count {
            guard best[k] >= p.voicingThreshold, !candidates[k].isEmpty else {
                k += 1
                continue
            }
            var end = k
            while end + 1 < spectra.count, best[end + 1] >= p.voicingThreshold, !candidates[end + 1].isEmpty {
                end += 1
            }
            let path = viterbi(Array(candidates[k...end]))
            for (i, s) in path.enumerated() { f0[k + i] = exp2(s) }
            k = end + 1
        }
        return (f0, best)
    }

    /// Least-cost path through candidate lists: local cost 1 − v, transition 2·|Δ log2 f|.
    static func viterbi(_ frames: [[Candidate]]) -> [Double] {
        let jumpCost = 2.0
        var cost = frames[0].map { 1 - $0.voicing }
        var back: [[Int]] = [Array(repeating: 0, count: frames[0].count)]
        for t in 1..<frames.count {
            var next = [Double](repeating: .infinity, count: frames[t].count)
            var arg = [Int](repeating: 0, count: frames[t].count)
            for (j, c) in frames[t].enumerated() {
                for (i, prev) in frames[t - 1].enumerated() {
                    let v = cost[i] + jumpCost * abs(c.logF - prev.logF)
                    if v < next[j] {
                        next[j] = v
                        arg[j] = i
                    }
                }
                next[j] += 1 - c.voicing
            }
            cost = next
            back.append(arg)
        }
        var j = cost.indices.min { cost[$0] < cost[$1] } ?? 0
        var out = [Double](repeating: 0, count: frames.count)
        for t in stride(from: frames.count - 1, through: 0, by: -1) {
            out[t] = frames[t][j].logF
            j = back[t][j]
        }
        return out
    }
}
