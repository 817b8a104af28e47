import AffectTestSupport
import AudioIO
import Experiments
import Foundation
import SignalCore
import Tabular
import Testing

/// The planted values are recoverable from the generated signals with simple, independent
/// estimators written here (YIN pitch, threshold R-peak picking, trough-to-peak SCR counting,
/// geometric landmark distances). Corpus: `SyntheticFixtures.recovery` (3 subjects × 2 sessions,
/// clean audio, good lighting, no motion).
@Suite("Synthetic corpus: planted values are recoverable")
struct SyntheticRecoveryTests {
    let dir = SyntheticFixtures.recovery

    func segments(_ truth: CSVTable) throws -> [(rec: String, start: Double, end: Double, row: Int)] {
        let recs = try truth.strings("recording")
        let starts = try truth.numbers("start_s")
        let ends = try truth.numbers("end_s")
        return recs.indices.map { (recs[$0], starts[$0], ends[$0], $0) }
    }

    /// YIN (de Cheveigné & Kawahara 2002): cumulative-mean-normalised difference, threshold 0.15,
    /// parabolic refinement; 25 ms hop; frames below −50 dBFS RMS unvoiced.
    static func yin(_ x: [Double], fs: Double, fmin: Double = 70, fmax: Double = 400) -> [(t: Double, f0: Double)] {
        let w = Int(fs / fmin) + 1
        let tauMax = Int(fs / fmin)
        let tauMin = Int(fs / fmax)
        let hop = Int(fs * 0.025)
        var out: [(Double, Double)] = []
        var d = [Double](repeating: 0, count: tauMax + 2)
        x.withUnsafeBufferPointer { p in
            var i = 0
            while i + w + tauMax + 2 < p.count {
                var energy = 0.0
                for k in 0..<w { energy += p[i + k] * p[i + k] }
                let t = (Double(i) + Double(w) / 2) / fs
                if energy / Double(w) < 1e-5 {
                    out.append((t, 0))
                    i += hop
                    continue
                }
                for tau in 1...(tauMax + 1) {
                    var s = 0.0
                    for k in 0..<w {
                        let diff = p[i + k] - p[i + k + tau]
                        s += diff * diff
                    }
                    d[tau] = s
                }
                var cum = 0.0
                var cm = [Double](repeating: 1, count: tauMax + 2)
                for tau in 1...(tauMax + 1) {
                    cum += d[tau]
                    cm[tau] = cum > 0 ? d[tau] * Double(tau) / cum : 1
                }
                var found = 0
                var tau = tauMin
                while tau < tauMax {
                    if cm[tau] < 0.15 {
                        while tau + 1 < tauMax, cm[tau + 1] < cm[tau] { tau += 1 }
                        found = tau
                        break
                    }
                    tau += 1
                }
                if found > 0 {
                    let a = cm[found - 1]
                    let b = cm[found]
                    let c = cm[found + 1]
                    let den = a - 2 * b + c
                    let shift = den != 0 ? 0.5 * (a - c) / den : 0
                    out.append((t, fs / (Double(found) + shift)))
                } else {
                    out.append((t, 0))
                }
                i += hop
            }
        }
        return out.map { (t: $0.0, f0: $0.1) }
    }

    @Test func f0MeanPerSegmentWithinOneSemitone() throws {
        let truth = try SyntheticFixtures.truth(dir)
        let planted = try truth.numbers("f0_mean_hz")
        var tracks: [String: [(t: Double, f0: Double)]] = [:]
        var worst = 0.0
        for s in try segments(truth) {
            if tracks[s.rec] == nil {
                let audio = try AudioFile.readMono("\(dir)/\(s.rec)/audio.wav")
                tracks[s.rec] = Self.yin(audio.samples, fs: audio.sampleRate)
            }
            let voiced = (tracks[s.rec] ?? []).filter { $0.t >= s.start && $0.t < s.end && $0.f0 > 0 }.map(\.f0)
            try #require(voiced.count > 50)
            // Octave-jump correction against the segment median (standard pitch post-processing).
            let med = Stats.median(voiced)
            let fixed = voiced.map { f in f > 1.6 * med ? f / 2 : (f < 0.625 * med ? f * 2 : f) }
            let error = 12 * log2(Stats.mean(fixed) / planted[s.row])
            worst = max(worst, abs(error))
            #expect(abs(error) < 1, "\(s.rec) \(s.start)–\(s.end) s: F0 error \(error) st")
        }
        #expect(worst < 1)
        print("synthetic recovery: F0 mean worst |error| \(worst) st over \(planted.count) segments (YIN)")
    }

    /// R-peaks: peaks of the squared central difference summed over 5 samples (the steep QRS
    /// slopes; T waves are slow) above 30 % of its 99.5th percentile, ≥ 250 ms apart, each moved
    /// to the ECG maximum within ±50 ms.
    static func rPeaks(_ ecg: [Double], fs: Double) -> [Double] {
        let n = ecg.count
        var slope = [Double](repeating: 0, count: n)
        for i in 1..<(n - 1) {
            let d = ecg[i + 1] - ecg[i - 1]
            slope[i] = d * d
        }
        var energy = [Double](repeating: 0, count: n)
        for i in 2..<(n - 2) { energy[i] = slope[(i - 2)...(i + 2)].reduce(0, +) }
        let thr = 0.3 * Stats.percentile(energy, 99.5)
        let refractory = Int(0.25 * fs)
        let half = Int(0.05 * fs)
        var peaks: [Double] = []
        var i = 1
        while i < n - 1 {
            if energy[i] > thr, energy[i] >= energy[i - 1], energy[i] >= energy[i + 1] {
                let lo = max(0, i - half)
                let hi = min(n - 1, i + half)
                var best = lo
                for k in lo...hi where ecg[k] > ecg[best] { best = k }
                peaks.append(Double(best) / fs)
                i += refractory
            } else {
                i += 1
            }
        }
        return peaks
    }

    @Test func heartRatePerSegmentWithinOneBpm() throws {
        let truth = try SyntheticFixtures.truth(dir)
        let planted = try truth.numbers("hr_bpm")
        var peaksOf: [String: [Double]] = [:]
        var worst = 0.0
        for s in try segments(truth) {
            if peaksOf[s.rec] == nil {
                let physio = try CSVTable(contentsOfFile: "\(dir)/\(s.rec)/physio.csv")
                peaksOf[s.rec] = Self.rPeaks(try physio.numbers("ecg"), fs: 250)
            }
            let b = (peaksOf[s.rec] ?? []).filter { $0 >= s.start && $0 < s.end }
            try #require(b.count > 5)
            let hr = 60 / ((b[b.count - 1] - b[0]) / Double(b.count - 1))
            #expect(abs(hr - planted[s.row]) < 1, "\(s.rec) \(s.start) s: HR \(hr) vs planted \(planted[s.row])")
            worst = max(worst, abs(hr - planted[s.row]))
        }
        print("synthetic recovery: HR worst |error| \(worst) bpm over \(planted.count) segments")
    }

    /// Trough-to-peak SCR counting on the EDA averaged to 10 Hz and smoothed over 0.5 s: a rise of
    /// ≥ 0.05 µS within 4 s after a trough counts as one SCR.
    static func scrOnsets(_ eda: [Double], fs: Int) -> [Double] {
        let n = eda.count / (fs / 10)
        let block = fs / 10
        let e10 = (0..<n).map { i in Stats.mean(Array(eda[(i * block)..<((i + 1) * block)])) }
        let e = (0..<n).map { i in Stats.mean(Array(e10[max(0, i - 2)...min(n - 1, i + 2)])) }
        var onsets: [Double] = []
        var i = 1
        while i < n - 1 {
            if e[i] - e[i - 1] <= 0, e[i + 1] - e[i] > 0 {
                var j = i
                while j + 1 < n, e[j + 1] - e[j] > 0 { j += 1 }
                if e[min(j, i + 40)] - e[i] >= 0.05 { onsets.append(Double(i) / 10) }
                i = j
            }
            i += 1
        }
        return onsets
    }

    @Test func scrCountWithinTenPercent() throws {
        let truth = try SyntheticFixtures.truth(dir)
        let recs = Array(Set(try truth.strings("recording"))).sorted()
        var planted = 0
        var found = 0
        for rec in recs {
            let physio = try CSVTable(contentsOfFile: "\(dir)/\(rec)/physio.csv")
            let eda = try physio.numbers("eda")
            let duration = Double(eda.count) / 250
            let scr = try CSVTable(contentsOfFile: "\(dir)/truth/\(rec)/scr.csv", allowNoRows: true)
            planted += try scr.numbers("onset_s").filter { $0 < duration - 1 }.count
            found += Self.scrOnsets(eda, fs: 250).count
        }
        try #require(planted >= 20)
        let rel = Double(found - planted) / Double(planted)
        #expect(abs(rel) <= 0.10, "found \(found) SCRs, planted \(planted)")
        print("synthetic recovery: SCR count found \(found), planted \(planted) (\(100 * rel) %)")
        // The segment counts in truth.csv add up to the onsets inside segments.
        #expect(try truth.numbers("scr_count").reduce(0, +) > 0)
    }

    @Test func auIntensitiesVisibleInLandmarks() throws {
        let truth = try SyntheticFixtures.truth(dir)
        let recs = try truth.strings("recording")
        let groups = try truth.strings("group")
        let groupA = Array(Set(recs.indices.filter { groups[$0] == "A" }.map { recs[$0] })).sorted()
        try #require(!groupA.isEmpty)
        // Pooled over the group-A recordings (landmark noise 0.008 IOD, good lighting).
        var proxies: [String: [Double]] = ["AU12": [], "AU45": [], "AU04": []]
        var plantedAll: [String: [Double]] = ["AU12": [], "AU45": [], "AU04": []]
        var columnAU12: [Double] = []
        for rec in groupA {
            let face = try CSVTable(contentsOfFile: "\(dir)/\(rec)/face.csv")
            let planted = try CSVTable(contentsOfFile: "\(dir)/truth/\(rec)/au.csv")
            var x: [[Double]] = []
            var y: [[Double]] = []
            for i in 0..<68 {
                x.append(try face.numbers("x_\(i)"))
                y.append(try face.numbers("y_\(i)"))
            }
            let n = x[0].count
            // Coordinates in the eye frame: origin between the outer eye corners, unit = IOD, roll removed.
            func coords(_ i: Int, _ f: Int) -> (Double, Double) {
                let ex = x[45][f] - x[36][f]
                let ey = y[45][f] - y[36][f]
                let iod2 = ex * ex + ey * ey
                let dx = x[i][f] - (x[36][f] + x[45][f]) / 2
                let dy = y[i][f] - (y[36][f] + y[45][f]) / 2
                return ((dx * ex + dy * ey) / iod2, (-dx * ey + dy * ex) / iod2)
            }
            // Each proxy relative to the recording's median (the subject's neutral face differs).
            func centred(_ v: [Double]) -> [Double] {
                let m = Stats.median(v)
                return v.map { $0 - m }
            }
            proxies["AU12", default: []] += centred((0..<n).map { coords(54, $0).0 - coords(48, $0).0 })
            proxies["AU45", default: []] += centred(
                (0..<n).map { -(coords(41, $0).1 - coords(37, $0).1 + coords(46, $0).1 - coords(44, $0).1) / 2 })
            proxies["AU04", default: []] += centred((0..<n).map { -(coords(22, $0).0 - coords(21, $0).0) })
            for au in ["AU12", "AU45", "AU04"] { plantedAll[au, default: []] += try planted.numbers(au + "_r") }
            columnAU12 += try face.numbers("AU12_r")
        }
        // The AUxx_r columns (a tool's estimate, noise SD 0.25 for group A in good lighting) track the planted values.
        let col = Stats.pearson(columnAU12, plantedAll["AU12"] ?? [])
        #expect(col >= 0.8, "AU12_r column r = \(col)")
        print("synthetic recovery: AU12_r column vs planted intensity r = \(col) (group A, good lighting)")
        for au in ["AU12", "AU45", "AU04"] {
            let r = Stats.pearson(proxies[au] ?? [], plantedAll[au] ?? [])
            #expect(r >= 0.8, "\(au): r = \(r) between the landmark proxy and the planted intensity")
            print("synthetic recovery: \(au) landmark proxy vs planted intensity r = \(r) (group A, good lighting)")
        }
    }

    @Test func truthRowsMatchManifestSegments() throws {
        let truth = try SyntheticFixtures.truth(dir)
        let manifest = try String(contentsOfFile: dir + "/manifest.yaml", encoding: .utf8)
        let labels = try truth.strings("label")
        let starts = try truth.numbers("start_s")
        #expect(labels.count == 6 * 4)
        for (i, l) in labels.enumerated() {
            #expect(manifest.contains("{start_s: \(starts[i]), "), "segment \(i) start \(starts[i])")
            #expect(["low_negative", "low_positive", "high_negative", "high_positive"].contains(l))
        }
        // Planted HR rises with arousal: high-arousal segments' mean HR exceeds low-arousal's.
        let hr = try truth.numbers("hr_bpm")
        let high = hr.indices.filter { labels[$0].hasPrefix("high") }.map { hr[$0] }
        let low = hr.indices.filter { labels[$0].hasPrefix("low") }.map { hr[$0] }
        #expect(Stats.mean(high) - Stats.mean(low) > 5)
    }
}
