import Foundation

/// ECGSYN: the dynamical ECG model of McSharry, Clifford, Tarassenko & Smith (2003), "A dynamical
/// model for generating synthetic electrocardiogram signals", IEEE Trans. Biomed. Eng. 50(3):289–294.
///
/// State (x, y, z) moves on a unit limit cycle in (x, y); each P, Q, R, S, T wave is a Gaussian
/// event at angle θ_i pushing z:
///     dx/dt = α·x − ω(t)·y,   dy/dt = α·y + ω(t)·x,   α = 1 − √(x² + y²)
///     dz/dt = −Σ_i a_i·Δθ_i·exp(−Δθ_i² / (2 b_i²)) − (z − z0(t)),   Δθ_i = (θ − θ_i) mod 2π ∈ (−π, π]
///     z0(t) = A·sin(2π f_resp t)  (baseline wander from respiration)
/// with θ = atan2(y, x), (θ_i, a_i, b_i) for P, Q, R, S, T = (−70°, 1.2, 0.25), (−15°, −5, 0.1),
/// (0°, 30, 0.1), (15°, −7.5, 0.1), (100°, 0.75, 0.4) and, as in ecgsyn.m, b_i scaled by
/// √(HR/60) and θ_i of P, Q, S, T by (HR/60)^(1/4), (HR/60)^(1/2), (HR/60)^(1/2), (HR/60)^(1/4).
/// Our ω(t) = 2π / (r_{n+1} − r_n) between consecutive planted R-peak times r_n, so θ crosses 0
/// (the R wave) at the planted times. Integration: fixed-step classical RK4 at `internalRate` Hz,
/// output every `internalRate / outputRate`-th sample; z is mapped linearly to −0.4…1.2 mV over
/// the record (ecgsyn.m's scaling).
enum ECGSyn {
    static let angles: [Double] = [-70, -15, 0, 15, 100].map { $0 * Double.pi / 180 }
    static let amplitudes: [Double] = [1.2, -5, 30, -7.5, 0.75]
    static let widths: [Double] = [0.25, 0.1, 0.1, 0.1, 0.4]

    /// ECG samples (mV) at `outputRate` for [0, duration) from R-peak times that must cover
    /// [0, duration] with at least one beat before 0 and after `duration`.
    static func synthesize(
        rPeaks: [Double], duration: Double, outputRate: Int, respirationHz: Double, meanHR: Double
    ) -> [Double] {
        let k = max(1, Int((1000 / Double(outputRate)).rounded(.up)))
        let fsInt = Double(outputRate * k)
        let h = 1 / fsInt
        let nOut = Int((duration * Double(outputRate)).rounded())
        let hrFact = (meanHR / 60).squareRoot()
        let hrFact2 = hrFact.squareRoot()
        let ti = zip(angles, [hrFact2, hrFact, 1, hrFact, hrFact2]).map { $0 * $1 }
        let bi = widths.map { $0 * hrFact }
        let ai = amplitudes
        let amp = 0.005
        var beat = 0
        func omega(_ t: Double) -> Double {
            while beat + 2 < rPeaks.count, rPeaks[beat + 1] <= t { beat += 1 }
            return 2 * Double.pi / (rPeaks[beat + 1] - rPeaks[beat])
        }
        func deriv(_ t: Double, _ x: Double, _ y: Double, _ z: Double, _ w: Double) -> (Double, Double, Double) {
            let alpha = 1 - (x * x + y * y).squareRoot()
            let theta = atan2(y, x)
            var dz = 0.0
            for i in 0..<5 {
                var d = theta - ti[i]
                d -= 2 * Double.pi * (d / (2 * Double.pi)).rounded()
                dz -= ai[i] * d * exp(-d * d / (2 * bi[i] * bi[i]))
            }
            dz -= z - amp * sin(2 * Double.pi * respirationHz * t)
            return (alpha * x - w * y, alpha * y + w * x, dz)
        }
        // Initial phase from the beat containing t = 0.
        var j = 0
        while j + 2 < rPeaks.count, rPeaks[j + 1] <= 0 { j += 1 }
        let theta0 = 2 * Double.pi * (0 - rPeaks[j]) / (rPeaks[j + 1] - rPeaks[j])
        var x = cos(theta0)
        var y = sin(theta0)
        var z = 0.0
        var raw = [Double](repeating: 0, count: nOut)
        let total = nOut * k
        for step in 0..<total {
            if step % k == 0 { raw[step / k] = z }
            let t = Double(step) * h
            let w1 = omega(t)
            let k1 = deriv(t, x, y, z, w1)
            let w2 = omega(t + h / 2)
            let k2 = deriv(t + h / 2, x + h / 2 * k1.0, y + h / 2 * k1.1, z + h / 2 * k1.2, w2)
            let k3 = deriv(t + h / 2, x + h / 2 * k2.0, y + h / 2 * k2.1, z + h / 2 * k2.2, w2)
            let w4 = omega(t + h)
            let k4 = deriv(t + h, x + h * k3.0, y + h * k3.1, z + h * k3.2, w4)
            x += h / 6 * (k1.0 + 2 * k2.0 + 2 * k3.0 + k4.0)
            y += h / 6 * (k1.1 + 2 * k2.1 + 2 * k3.1 + k4.1)
            z += h / 6 * (k1.2 + 2 * k2.2 + 2 * k3.2 + k4.2)
        }
        guard let lo = raw.min(), let hi = raw.max(), hi > lo else { return raw }
        return raw.map { ($0 - lo) * 1.6 / (hi - lo) - 0.4 }
    }
}
