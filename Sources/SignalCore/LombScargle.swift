import Foundation

/// The Lomb–Scargle periodogram of unevenly sampled data (Lomb 1976; Scargle 1982), computed as
/// `scipy.signal.lombscargle` (SciPy ≥ 1.15, unit weights) does.
///
/// For angular frequency ω = 2πf, with weights w_i = 1/N: τ = ½·atan2(2·CS, CC − SS) where
/// CC = Σw cos²ωt, SS = 1 − CC, CS = Σw cos ωt sin ωt; then with YC = Σ w y cos ω(t−τ),
/// YS = Σ w y sin ω(t−τ), CC' = Σ w cos² ω(t−τ), SS' = 1 − CC':
/// P = 2 (YC²/CC' + YS²/SS'), returned × N/4 (`.power`, the classic ½[(Σy cos)²/Σcos² + (Σy sin)²/Σsin²])
/// or × ½/Σw y² (`.normalized`, in [0, 1]). `floatingMean` fits a constant offset jointly
/// (generalised periodogram, Zechmeister & Kürster 2009). Times in s, frequencies in Hz.
public enum LombScargle {
    public enum Normalization: String, Sendable, Codable { case power, normalized }

    public static func periodogram(
        times t: [Double], values y: [Double], frequencies: [Double], normalization: Normalization = .power,
        floatingMean: Bool = false
    ) throws(SignalError) -> [Double] {
        guard t.count == y.count else {
            throw .mismatch(what: "Lomb–Scargle input", detail: "\(t.count) times but \(y.count) values")
        }
        guard t.count >= 2 else { throw .tooShort(what: "Lomb–Scargle input", count: t.count, needed: 2) }
        try requireFinite(t, what: "Lomb–Scargle times")
        try requireFinite(y, what: "Lomb–Scargle values")
        try requireFinite(frequencies, what: "Lomb–Scargle frequencies")
        let n = t.count
        let w = 1 / Double(n)
        var ySum = 0.0
        var yy = 0.0
        for v in y {
            ySum += w * v
            yy += w * v * v
        }
        if floatingMean { yy -= ySum * ySum }
        let eps = Double.ulpOfOne / 2  // numpy finfo(float64).epsneg
        var out = [Double](repeating: 0, count: frequencies.count)
        for (j, f) in frequencies.enumerated() {
            let omega = 2 * Double.pi * f
            var cc = 0.0
            var cs = 0.0
            var c = 0.0
            var s = 0.0
            for i in 0..<n {
                let ct = cos(omega * t[i])
                let st = sin(omega * t[i])
                cc += w * ct * ct
                cs += w * ct * st
                c += w * ct
                s += w * st
            }
            var ss = 1 - cc
            if floatingMean {
                cc -= c * c
                ss -= s * s
                cs -= c * s
            }
            let tau = 0.5 * atan2(2 * cs, cc - ss)
            var yc = 0.0
            var ys = 0.0
            var cct = 0.0
            var ct2 = 0.0
            var st2 = 0.0
            for i in 0..<n {
                let a = omega * t[i] - tau
                let ca = cos(a)
                let sa = sin(a)
                yc += w * y[i] * ca
                ys += w * y[i] * sa
                cct += w * ca * ca
                ct2 += w * ca
                st2 += w * sa
            }
            var sst = 1 - cct
            if floatingMean {
                yc -= ySum * ct2
                ys -= ySum * st2
                cct -= ct2 * ct2
                sst -= st2 * st2
            }
            cct = max(cct, eps)
            sst = max(sst, eps)
            var p = 2 * (yc / cct * yc + ys / sst * ys)
            switch normalization {
            case .power: p *= Double(n) / 4
            case .normalized: p *= 0.5 / yy
            }
            out[j] = p
        }
        return out
    }
}
