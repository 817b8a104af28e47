import Foundation
import Tabular

/// Temperature scaling (Guo et al. 2017): p'_k = exp(z_k / T) / Σ_j exp(z_j / T).
///
/// From probabilities the logits are their logs, z_k = ln p_k (softmax is unchanged by a per-row
/// constant, so this equals scaling the model's logits). T > 1 softens (fixes overconfidence),
/// T < 1 sharpens. Fitted by minimising the NLL Σ_i [logsumexp(β z_i) − β z_{i,y_i}] over
/// β = 1/T (convex in β) with Newton's method to machine precision. netcal's
/// `TemperatureScaling` stores β (= 1/T), not T; this stores T.
public struct TemperatureScaling: Codable, Sendable, Equatable {
    /// T > 0.
    public let temperature: Double
    public let classCount: Int

    enum CodingKeys: String, CodingKey {
        case temperature
        case classCount = "class_count"
    }

    public init(temperature: Double, classCount: Int) {
        self.temperature = temperature
        self.classCount = classCount
    }

    /// The model fields in file order.
    public var fields: [(String, JSONValue)] {
        [("class_count", .integer(classCount)), ("temperature", .number(temperature))]
    }

    public static func fit(_ p: Predictions) throws(CalibrationError) -> TemperatureScaling {
        let k = p.classCount
        let n = p.count
        let logp = p.probabilities.map { log($0) }
        for i in 0..<n where p.probabilities[i * k + p.labels[i]] == 0 {
            throw .fit(
                method: "temperature",
                detail: "row \(i + 1) gives its true class probability 0 (infinite NLL for every T)")
        }
        func objective(_ beta: Double) -> (f: Double, g: Double, h: Double) {
            var f = 0.0
            var g = 0.0
            var h = 0.0
            for i in 0..<n {
                var mx = -Double.infinity
                for j in 0..<k where logp[i * k + j] > -.infinity { mx = max(mx, beta * logp[i * k + j]) }
                var s = 0.0
                var m1 = 0.0
                var m2 = 0.0
                for j in 0..<k where logp[i * k + j] > -.infinity {
                    let l = logp[i * k + j]
                    let e = exp(beta * l - mx)
                    s += e
                    m1 += e * l
                    m2 += e * l * l
                }
                m1 /= s
                m2 /= s
                f += mx + log(s) - beta * logp[i * k + p.labels[i]]
                g += m1 - logp[i * k + p.labels[i]]
                h += m2 - m1 * m1
            }
            return (f, g, h)
        }
        var beta = 1.0
        var cur = objective(beta)
        for _ in 0..<200 {
            guard cur.h > 0 else { break }
            let step = cur.g / cur.h
            var scale = 1.0
            var next = beta - step
            var nv = objective(next)
            while !(nv.f.isFinite && nv.f <= cur.f && next > 0) && scale > 1e-12 {
                scale /= 2
                next = beta - scale * step
                nv = objective(next)
            }
            let done = abs(scale * step) <= 1e-15 * beta
            if nv.f <= cur.f && next > 0 {
                beta = next
                cur = nv
            }
            if done || scale <= 1e-12 { break }
        }
        guard beta > 0, beta.isFinite else {
            throw .fit(method: "temperature", detail: "no finite positive temperature minimises the NLL")
        }
        return TemperatureScaling(temperature: 1 / beta, classCount: k)
    }

    /// Calibrated n × K probabilities.
    public func apply(probabilities: [Double], classCount k: Int) -> [Double] {
        var out = [Double](repeating: 0, count: probabilities.count)
        let n = probabilities.count / k
        for i in 0..<n {
            var mx = -Double.infinity
            for j in 0..<k { mx = max(mx, log(probabilities[i * k + j]) / temperature) }
            var s = 0.0
            for j in 0..<k {
                let e = exp(log(probabilities[i * k + j]) / temperature - mx)
                out[i * k + j] = e
                s += e
            }
            for j in 0..<k { out[i * k + j] /= s }
        }
        return out
    }
}
