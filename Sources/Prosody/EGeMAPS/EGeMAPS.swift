import Foundation
import SignalCore

/// Frame-level eGeMAPS descriptors: one row per 10 ms frame, one column per LLD.
///
/// Columns carry openSMILE's eGeMAPSv02 LLD names (`Loudness_sma3`, …, `F3amplitudeLogRelF0_sma3nz`),
/// values are after sma3/sma3nz smoothing. `time` (s) is the centre of the row's 60 ms voice frame
/// (frame start + 30 ms, where openSMILE's F0 aligns with the truth); the spectral columns of
/// the same row come from the 20 ms frame with the same start (openSMILE's left-aligned
/// convention), centred 20 ms earlier. Voice-quality and formant columns are 0 on unvoiced rows
/// (formant amplitudes −201, openSMILE's floor; unlike openSMILE, formant frequencies and
/// bandwidths are not computed on unvoiced rows). `values[c][t]` is column c at row t.
public struct EGeMAPSLLDTable: Sendable, Equatable {
    public let columns: [String]
    public let time: [Double]
    public let values: [[Double]]

    /// The column named `name`, or nil.
    public func column(_ name: String) -> [Double]? {
        columns.firstIndex(of: name).map { values[$0] }
    }
}

/// Result of `EGeMAPS.extract`: the 88 functionals in openSMILE's order, the LLD table and notes
/// explaining every NaN.
public struct EGeMAPSResult: Sendable {
    public let functionals: [(name: String, value: Double)]
    public let lld: EGeMAPSLLDTable
    public let notes: [String]

    /// The functional named `name`, or nil.
    public func value(_ name: String) -> Double? { functionals.first { $0.name == name }?.value }
}

/// The eGeMAPS v02 feature set (Eyben et al. 2016): 25 low-level descriptors per 10 ms frame and
/// 88 functionals per recording, with openSMILE's names, computed at a fixed 16 kHz.
public enum EGeMAPS {
    /// The 25 LLD column names, in openSMILE's order.
    public static let lldNames: [String] =
        [
            "Loudness_sma3", "alphaRatio_sma3", "hammarbergIndex_sma3", "slope0-500_sma3", "slope500-1500_sma3",
            "spectralFlux_sma3", "mfcc1_sma3", "mfcc2_sma3", "mfcc3_sma3", "mfcc4_sma3",
            "F0semitoneFrom27.5Hz_sma3nz", "jitterLocal_sma3nz", "shimmerLocaldB_sma3nz", "HNRdBACF_sma3nz",
            "logRelF0-H1-H2_sma3nz", "logRelF0-H1-A3_sma3nz",
        ]
        + (1...3).flatMap { i in
            ["F\(i)frequency_sma3nz", "F\(i)bandwidth_sma3nz", "F\(i)amplitudeLogRelF0_sma3nz"]
        }

    /// The 88 functional names, in openSMILE's order.
    public static let functionalNames: [String] = {
        let six = [
            "amean", "stddevNorm", "percentile20.0", "percentile50.0", "percentile80.0", "pctlrange0-2",
            "meanRisingSlope", "stddevRisingSlope", "meanFallingSlope", "stddevFallingSlope",
        ]
        let two = ["amean", "stddevNorm"]
        var n = six.map { "F0semitoneFrom27.5Hz_sma3nz_" + $0 } + six.map { "loudness_sma3_" + $0 }
        for c in ["spectralFlux_sma3", "mfcc1_sma3", "mfcc2_sma3", "mfcc3_sma3", "mfcc4_sma3"] {
            n += two.map { c + "_" + $0 }
        }
        for c in [
            "jitterLocal_sma3nz", "shimmerLocaldB_sma3nz", "HNRdBACF_sma3nz", "logRelF0-H1-H2_sma3nz",
            "logRelF0-H1-A3_sma3nz",
        ] + (1...3).flatMap({ ["F\($0)frequency_sma3nz", "F\($0)bandwidth_sma3nz", "F\($0)amplitudeLogRelF0_sma3nz"] })
        {
            n += two.map { c + "_" + $0 }
        }
        for c in [
            "alphaRatioV", "hammarbergIndexV", "slopeV0-500", "slopeV500-1500", "spectralFluxV", "mfcc1V", "mfcc2V",
            "mfcc3V", "mfcc4V",
        ] {
            n += two.map { c + "_sma3nz_" + $0 }
        }
        n += ["alphaRatioUV", "hammarbergIndexUV", "slopeUV0-500", "slopeUV500-1500", "spectralFluxUV"].map {
            $0 + "_sma3nz_amean"
        }
        n += [
            "loudnessPeaksPerSec", "VoicedSegmentsPerSec", "MeanVoicedSegmentLengthSec",
            "StddevVoicedSegmentLengthSec", "MeanUnvoicedSegmentLength", "StddevUnvoicedSegmentLength",
            "equivalentSoundLevel_dBp",
        ]
        return n
    }()

    /// Computes the eGeMAPS v02 LLDs and functionals of `signal` (any rate; resampled to
    /// `parameters.analysisRate` with `Resample.signal` first).
    ///
    /// Throws `EGeMAPSError.nonFiniteSample` for NaN/Inf samples, `.tooShort` when the signal is
    /// shorter than one 60 ms frame, `.invalidParameter` for bad parameters. Silence and noise give
    /// unvoiced frames: F0 and voice-quality functionals are then NaN and `notes` says why.
    public static func extract(_ signal: Signal, parameters: EGeMAPSParameters = EGeMAPSParameters())
        throws(EGeMAPSError) -> EGeMAPSResult
    {
        try parameters.validate()
        if let bad = signal.samples.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteSample(index: bad) }
        let rate = parameters.analysisRate
        let x: [Double]
        if signal.sampleRate == rate {
            x = signal.samples
        } else {
            do { x = try Resample.signal(signal, to: rate).samples } catch { throw .signal(error) }
        }
        let hop = Int((parameters.hopSeconds * rate).rounded())
        let specLen = Int((parameters.spectralFrameSeconds * rate).rounded())
        let voiceLen = Int((parameters.voiceFrameSeconds * rate).rounded())
        let nS = x.count >= specLen ? (x.count - specLen) / hop + 1 : 0
        // openSMILE's 60 ms stream has (voiceLen − specLen)/hop − 1 fewer frames than the 20 ms one
        // (its last frame is zero-padded by one hop).
        let nV = nS - ((voiceLen - specLen) / hop - 1)
        guard nV >= 1 else {
            throw .tooShort(
                seconds: Double(signal.count) / signal.sampleRate, neededSeconds: parameters.voiceFrameSeconds)
        }
        let hopS = Double(hop) / rate

        // Spectral stream.
        let hamming: [Double]
        let gauss: [Double]
        do {
            hamming = try Window.make(.hamming, length: specLen, symmetry: .symmetric)
            gauss = try Window.make(.gaussian(sigma: parameters.gaussianSigma), length: voiceLen, symmetry: .symmetric)
        } catch { throw .signal(error) }
        let spec = try EGeMAPSSpectralLLDs.compute(samples: x, count: nS, hop: hop, window: hamming, rate: rate)

        // Voice stream.
        let pitch = try EGeMAPSPitch.track(samples: x, count: nV, window: gauss, hop: hop, parameters: parameters)
        let formants = try EGeMAPSFormants.compute(
            samples16k: x, frames: nV, hop: hop, voiced: pitch.f0.map { $0 > 0 }, parameters: parameters)
        let vq = try EGeMAPSVoiceQuality.compute(
            samples: x, window: gauss, hop: hop, f0: pitch.f0, formants: formants.freq, rate: rate)

        let f0st = pitch.f0.map { $0 > 0 ? 12 * log2($0 / 27.5) : 0 }
        let voiced = pitch.f0.map { $0 > 0 }
        typealias S = EGeMAPSSmoothing
        // Raw (unsmoothed) LLDs on the full 20 ms stream and on the voice stream.
        let specRaw: [[Double]] =
            [spec.loudness, spec.alphaRatio, spec.hammarberg, spec.slope0500, spec.slope5001500, spec.flux]
            + spec.mfcc
        let specSmooth = specRaw.map { S.sma3($0) }
        var voiceRaw: [[Double]] = [
            f0st, vq.map(\.jitter), vq.map(\.shimmer), vq.map(\.hnr), vq.map(\.h1h2), vq.map(\.h1a3),
        ]
        for i in 0..<3 {
            voiceRaw += [formants.freq.map { $0[i] }, formants.bw.map { $0[i] }, vq.map { $0.formantAmplitude[i] }]
        }
        let voiceSmooth = voiceRaw.map { S.sma3nz($0) }
        let lldValues = specSmooth.map { Array($0[0..<nV]) } + voiceSmooth
        let time = (0..<nV).map { Double($0) * hopS + parameters.voiceFrameSeconds / 2 + signal.startTime }
        let table = EGeMAPSLLDTable(columns: lldNames, time: time, values: lldValues)

        // Functionals.
        var notes: [String] = []
        let rel = parameters.peakRelativeThreshold
        typealias F = EGeMAPSFunctionals
        func nz(_ v: [Double]) -> [Double] { v.filter { $0 != 0 } }
        var values: [Double] = []
        let f0nz = nz(voiceSmooth[0])
        if f0nz.isEmpty {
            notes.append("no voiced frames: F0, voice-quality, formant and V-only functionals are NaN")
        }
        values += F.full(f0nz, hop: hopS, relative: rel)
        values += F.full(specSmooth[0], hop: hopS, relative: rel)
        for c in [5, 6, 7, 8, 9] { values += [F.mean(specSmooth[c]), F.stddevNorm(specSmooth[c])] }
        // Voice-quality and formant functionals over voiced frames (sma3nz, zeros skipped).
        for c in 1..<voiceSmooth.count {
            let v: [Double]
            let isAmplitude = (c - 6) >= 0 && (c - 6) % 3 == 2
            let isFormant = c >= 6
            if isAmplitude {
                v = voiceSmooth[c]
            } else if isFormant {
                v = (0..<nV).filter { voiced[$0] }.map { voiceSmooth[c][$0] }.filter { $0 != 0 }
            } else {
                v = nz(voiceSmooth[c])
            }
            values += [F.mean(v), F.stddevNorm(v)]
        }
        // Voiced / unvoiced spectral functionals: the raw LLD masked by voicing, then sma3nz.
        func masked(_ c: Int, voicedFrames: Bool) -> [Double] {
            let m = (0..<nV).map { voiced[$0] == voicedFrames ? specRaw[c][$0] : 0 }
            return nz(S.sma3nz(m))
        }
        for c in [1, 2, 3, 4, 5, 6, 7, 8, 9] {
            let v = masked(c, voicedFrames: true)
            values += [F.mean(v), F.stddevNorm(v)]
        }
        for c in [1, 2, 3, 4, 5] { values.append(F.mean(masked(c, voicedFrames: false))) }
        let duration = Double(nS) * hopS
        let peaks = F.extrema(specSmooth[0], relative: rel).filter { $0.1 }.count
        values.append(Double(peaks) / duration)
        let segs = F.runs(voiceSmooth[0].map { $0 != 0 }, hop: hopS)
        values.append(Double(segs.voiced.count) / (Double(nV) * hopS))
        values.append(F.mean(segs.voiced))
        values.append(segs.voiced.isEmpty ? .nan : Stats.sd(segs.voiced, ddof: 0))
        values.append(F.mean(segs.unvoiced))
        values.append(segs.unvoiced.isEmpty ? .nan : Stats.sd(segs.unvoiced, ddof: 0))
        let ms = spec.rmsEnergy.reduce(0) { $0 + $1 * $1 } / Double(max(1, nS))
        values.append(ms > 0 ? 10 * log10(ms) : .nan)
        if ms == 0 { notes.append("digital silence: equivalentSoundLevel_dBp (10·log10 of 0) is NaN") }
        let pairs = zip(functionalNames, values).map { (name: $0.0, value: $0.1) }
        if pairs.contains(where: { $0.value.isNaN }), notes.isEmpty {
            notes.append("NaN marks a functional of an empty set (e.g. no rising slope in a steady contour)")
        }
        return EGeMAPSResult(functionals: pairs, lld: table, notes: notes)
    }
}
