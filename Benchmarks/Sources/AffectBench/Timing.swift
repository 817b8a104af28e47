import Foundation

/// Timing helpers: wall clock (monotonic) and CPU time of this process (user + system), in seconds.
enum Timing {
    static func wall() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    static func cpu() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Runs `body` `repeats` times after one warm-up and returns the best (minimum) wall and CPU
    /// seconds, the usual estimator for a noisy machine.
    static func best(repeats: Int = 5, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        try body()
        var bestWall = Double.infinity
        var bestCPU = Double.infinity
        for _ in 0..<repeats {
            let w0 = wall()
            let c0 = cpu()
            try body()
            bestCPU = min(bestCPU, cpu() - c0)
            bestWall = min(bestWall, wall() - w0)
        }
        return (bestWall, bestCPU)
    }

    /// Peak resident set size of this process so far, in MiB (Linux `ru_maxrss` is in KiB).
    static func peakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// One Markdown table row.
    static func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }

    static func fmt(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
}
