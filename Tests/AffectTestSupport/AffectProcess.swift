import Foundation

/// Runs the built `affect` executable in a child process (the CLI contract: results on stdout,
/// logs on stderr, exit status).
public enum AffectProcess {
    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `affect` binary built beside the test bundle (same products directory).
    public static let executable: URL? = {
        var candidates: [URL] = []
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(TestPaths.packageRoot.appendingPathComponent(".build/debug"))
        for dir in candidates {
            let url = dir.appendingPathComponent("affect")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    /// Runs `affect args…` to completion with `directory` as working directory.
    public static func run(_ args: [String], directory: URL? = nil, environment: [String: String]? = nil) throws
        -> Outcome
    {
        guard let exe = executable else {
            throw NSError(
                domain: "AffectProcess", code: 1, userInfo: [NSLocalizedDescriptionKey: "affect binary not built"])
        }
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        if let d = directory { p.currentDirectoryURL = d }
        if let env = environment { p.environment = env }
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }
}
