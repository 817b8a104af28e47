/// Blinks from the eye aspect ratio (EAR, Soukupová & Čech 2016) with a smile/squint guard.
///
/// Candidates: runs of valid frames with EAR < (1 − `blinkClosureFraction`) × baseline EAR,
/// widened on both sides while EAR stays below (1 − fraction/2) × baseline; apex = lowest EAR.
/// A candidate without a smile (AU6 and AU12 below `guardSmileIntensity` throughout) whose
/// duration is within `blinkMinSeconds…blinkMaxSeconds` is a blink.
///
/// Smile/squint guard: cheek raise (AU6) and smiling (AU12) push the lower lid up and narrow the
/// eye, so EAR alone falls without any blink. In a candidate with a smile, or one too long to be a
/// blink, only the frames where the upper lid has come down by at least `guardUpperLidDrop` of its
/// baseline height above the eye line count (a blink is the upper lid descending; the smile does
/// not move it much): each such sub-run of acceptable duration is a blink (apex = lowest EAR in
/// it), and the rest of the candidate is reported as rejected, with the reason.
enum BlinkDetector {
    static func detect(
        ear: [Double], earBaseline: Double, lidHeight: [Double], lidBaseline: Double, smile: [Double], frames: [Int],
        times: [Double], valid: [Bool], frameInterval: Double, parameters p: FaceParameters
    ) -> (accepted: [Blink], rejected: [Blink]) {
        var accepted: [Blink] = []
        var rejected: [Blink] = []
        guard earBaseline.isFinite, earBaseline > 0 else { return ([], []) }
        let n = ear.count
        let closed = earBaseline * (1 - p.blinkClosureFraction)
        let edge = earBaseline * (1 - p.blinkClosureFraction / 2)
        let lidDown = lidBaseline * (1 - p.guardUpperLidDrop)

        func make(_ a: Int, _ b: Int, _ reason: String?) -> Blink {
            var apex = a
            for k in a...b where ear[k] < ear[apex] { apex = k }
            return Blink(
                onsetFrame: frames[a], apexFrame: frames[apex], offsetFrame: frames[b], onsetTime: times[a],
                apexTime: times[apex], offsetTime: times[b], durationSeconds: times[b] - times[a] + frameInterval,
                minimumEARRatio: ear[apex] / earBaseline, rejection: reason)
        }
        func durationOK(_ a: Int, _ b: Int) -> Bool {
            let d = times[b] - times[a] + frameInterval
            return d >= p.blinkMinSeconds && d <= p.blinkMaxSeconds
        }

        var f = 0
        while f < n {
            guard valid[f], ear[f] < closed else {
                f += 1
                continue
            }
            var a = f, b = f
            while b + 1 < n && valid[b + 1] && ear[b + 1] < closed { b += 1 }
            let coreEnd = b
            while a - 1 >= 0 && valid[a - 1] && ear[a - 1] < edge { a -= 1 }
            while b + 1 < n && valid[b + 1] && ear[b + 1] < edge { b += 1 }
            f = max(b, coreEnd) + 1
            var maxSmile = 0.0
            for k in a...b { maxSmile = max(maxSmile, smile[k]) }
            let smiling = maxSmile >= p.guardSmileIntensity
            if !smiling && durationOK(a, b) {
                accepted.append(make(a, b, nil))
                continue
            }
            // Guarded: keep only upper-lid-down sub-runs.
            let reason =
                smiling
                ? "smile/squint guard: AU6/AU12 up to \(rounded(maxSmile)) and the upper lid did not drop by \(rounded(100 * p.guardUpperLidDrop)) % of its height"
                : "duration outside \(p.blinkMinSeconds)…\(p.blinkMaxSeconds) s without the upper lid dropping"
            var k = a
            var restStart = a
            while k <= b {
                if lidBaseline > 0 && lidHeight[k] < lidDown {
                    var e = k
                    while e + 1 <= b && lidHeight[e + 1] < lidDown { e += 1 }
                    if durationOK(k, e) {
                        if k > restStart { rejected.append(make(restStart, k - 1, reason)) }
                        accepted.append(make(k, e, nil))
                        restStart = e + 1
                    }
                    k = e + 1
                } else {
                    k += 1
                }
            }
            if restStart <= b { rejected.append(make(restStart, b, reason)) }
        }
        return (accepted, rejected)
    }

    static func rounded(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}
