/// Per-window AU functionals for the fusion layer.
///
/// For the valid frames with `start ≤ t < end` (seconds), per AU (OpenFace names):
/// `AUxx_r_mean` (mean intensity), `AUxx_r_max`, `AUxx_r_pct_active` (percent of frames with
/// intensity ≥ `activeIntensity`), `AUxx_r_onsets` (inactive → active transitions inside the
/// window); then `blink_count` (accepted blinks whose apex is in the window), `blink_rate_per_min`
/// (per minute of valid frames), `blink_duration_mean_s`, `pose_yaw_deg_mean`,
/// `pose_pitch_deg_mean`, `pose_roll_deg_mean`, `face_valid_fraction`. Values are NaN when the
/// window holds no valid frame (or no blink, for the mean duration).
extension FaceAnalysis {
    /// Names of `functionals(start:end:)`, in output order.
    public static var functionalNames: [String] {
        ActionUnit.allCases.flatMap { u in ["mean", "max", "pct_active", "onsets"].map { "\(u.name)_r_\($0)" } }
            + [
                "blink_count", "blink_rate_per_min", "blink_duration_mean_s", "pose_yaw_deg_mean",
                "pose_pitch_deg_mean",
                "pose_roll_deg_mean", "face_valid_fraction",
            ]
    }

    /// Functionals over `start ≤ t < end` seconds, in `functionalNames` order.
    public func functionals(start: Double, end: Double) -> [(name: String, value: Double)] {
        let lo = Self.firstIndex(timestamps, atOrAfter: start)
        let hi = Self.firstIndex(timestamps, atOrAfter: end)
        let all = lo < hi ? Array(lo..<hi) : []
        let idx = all.filter { valid[$0] }
        let active = parameters.activeIntensity
        var out: [(String, Double)] = []
        for u in ActionUnit.allCases {
            guard let s = series(u), !idx.isEmpty else {
                for k in ["mean", "max", "pct_active", "onsets"] { out.append(("\(u.name)_r_\(k)", .nan)) }
                continue
            }
            var sum = 0.0, mx = 0.0, act = 0, onsets = 0
            var prev = false
            for (k, f) in idx.enumerated() {
                let v = s.intensity[f]
                sum += v
                mx = max(mx, v)
                let on = v >= active
                if on { act += 1 }
                if on && !prev && k > 0 { onsets += 1 }
                prev = on
            }
            out.append(("\(u.name)_r_mean", sum / Double(idx.count)))
            out.append(("\(u.name)_r_max", mx))
            out.append(("\(u.name)_r_pct_active", 100 * Double(act) / Double(idx.count)))
            out.append(("\(u.name)_r_onsets", Double(onsets)))
        }
        let inWindow = blinks.filter { $0.apexTime >= start && $0.apexTime < end }
        let dt = frameInterval
        let minutes = Double(idx.count) * dt / 60
        out.append(("blink_count", idx.isEmpty || units.isEmpty ? .nan : Double(inWindow.count)))
        out.append(("blink_rate_per_min", minutes > 0 && !units.isEmpty ? Double(inWindow.count) / minutes : .nan))
        out.append(
            (
                "blink_duration_mean_s",
                inWindow.isEmpty ? .nan : inWindow.reduce(0) { $0 + $1.durationSeconds } / Double(inWindow.count)
            )
        )
        for (name, v) in [
            ("pose_yaw_deg_mean", yawDegrees), ("pose_pitch_deg_mean", pitchDegrees),
            ("pose_roll_deg_mean", rollDegrees),
        ] {
            out.append((name, idx.isEmpty ? .nan : idx.reduce(0) { $0 + v[$1] } / Double(idx.count)))
        }
        out.append(("face_valid_fraction", all.isEmpty ? .nan : Double(idx.count) / Double(all.count)))
        return out
    }

    /// Index of the first timestamp ≥ `t` (binary search; timestamps increase strictly).
    static func firstIndex(_ ts: [Double], atOrAfter t: Double) -> Int {
        var lo = 0, hi = ts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ts[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
