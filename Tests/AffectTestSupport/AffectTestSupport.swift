import Foundation
import SignalCore

/// Shared helpers for AffectWorkbench tests: where the shared data lives, signal generators,
/// tolerance checks and golden files.
public enum TestPaths {
    /// The package root (found from this source file's location).
    public static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// `../shared` beside the package root (the CI layout), or `$AFFECT_SHARED` if set.
    public static let shared: URL = {
        if let env = ProcessInfo.processInfo.environment["AFFECT_SHARED"] { return URL(fileURLWithPath: env) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    /// A path under ../shared.
    public static func shared(_ relative: String) -> String { shared.appendingPathComponent(relative).path }

    /// A path under the package root.
    public static func project(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

    /// A fresh temporary directory, unique per call.
    public static func temporaryDirectory(_ label: String = "affect-test") -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Deterministic test signals.
public enum Generate {
    /// A·sin(2π f t + φ) sampled at `rate` Hz for `seconds`.
    public static func sine(frequency: Double, rate: Double, seconds: Double, amplitude: Double = 1, phase: Double = 0)
        -> [Double]
    {
        let n = Int((seconds * rate).rounded())
        return (0..<n).map { amplitude * sin(2 * Double.pi * frequency * Double($0) / rate + phase) }
    }

    /// White Gaussian noise with standard deviation `sd` from a seeded generator.
    public static func noise(count: Int, sd: Double = 1, seed: UInt64) -> [Double] {
        var g = SeededRandom(seed: seed)
        return (0..<count).map { _ in g.normal() * sd }
    }
}

/// Tolerance checks in the SciPy style: |a − b| ≤ atol + rtol·|b|.
public enum Tolerance {
    public static func close(_ a: Double, _ b: Double, rtol: Double = 1e-7, atol: Double = 0) -> Bool {
        if a.isNaN && b.isNaN { return true }
        return abs(a - b) <= atol + rtol * abs(b)
    }

    /// The index and values of the first pair that is not close, or nil if all are.
    public static func firstMismatch(_ a: [Double], _ b: [Double], rtol: Double = 1e-7, atol: Double = 0)
        -> (index: Int, a: Double, b: Double)?
    {
        if a.count != b.count { return (-1, Double(a.count), Double(b.count)) }
        for i in a.indices where !close(a[i], b[i], rtol: rtol, atol: atol) { return (i, a[i], b[i]) }
        return nil
    }

    /// Largest |a − b| over pairs.
    public static func maxAbsDiff(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}

/// Golden files: compared byte for byte; re-recorded when `AFFECT_RECORD_GOLDEN=1`. A missing
/// golden file is a failure (not silently created) unless recording.
public enum Golden {
    public enum Outcome: Equatable {
        case matches
        case recorded
        case missing(String)
        case differs(String)
    }

    public static func check(_ text: String, against path: String) -> Outcome {
        if ProcessInfo.processInfo.environment["AFFECT_RECORD_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            return .recorded
        }
        guard let stored = try? String(contentsOfFile: path, encoding: .utf8) else {
            return .missing("golden file \(path) is missing; run with AFFECT_RECORD_GOLDEN=1 to record it")
        }
        if stored == text { return .matches }
        let a = stored.split(separator: "\n", omittingEmptySubsequences: false)
        let b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        return .differs("\(path) differs from the output at line \(line + 1)")
    }
}

/// Reads a headerless or single-column numeric text file (one value per line, optional header).
public func readNumberLines(_ path: String) throws -> [Double] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(whereSeparator: \.isNewline).compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
}
