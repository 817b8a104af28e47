import AffectTestSupport
import Experiments
import Foundation
import Testing

/// Kills the built `affect` binary during `affect run` with SIGINT and SIGKILL at several moments
/// and checks that the runs directory never holds a partial run directory, and that the next run
/// completes. Needs `.build/debug/affect` (built by `swift build --build-tests`).
@Suite("Interrupted runs")
struct InterruptTests {
    static let binary = TestPaths.project(".build/debug/affect")

    func spawn(_ args: [String], cwd: URL) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        p.currentDirectoryURL = cwd
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Every visible entry of the runs directory is a complete run record.
    func checkNoPartial(_ runs: String) throws -> Int {
        var complete = 0
        for e in (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? [] where !e.hasPrefix(".") {
            let d = "\(runs)/\(e)"
            #expect(RunRecord.isComplete(d), "\(d) is not a complete run")
            for f in RunRecord.requiredFiles {
                #expect(FileManager.default.fileExists(atPath: "\(d)/\(f)"), "\(d) lacks \(f)")
            }
            complete += 1
        }
        return complete
    }

    @Test func killedRunsNeverLeavePartialDirectories() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the affect binary first")
        let (dir, manifest) = try Fixture.dataset(subjects: 3, seconds: 20, physio: false)
        let config = """
            schema: affect.experiment.v1
            name: interrupt
            purpose: Test that interrupted runs leave no partial records.
            intended_use: Software testing only.
            dataset: {manifest: \(manifest)}
            windowing: {length_s: 5, hop_s: 2.5}
            stages: {prosody: {}}
            fusion: {model: logreg}
            evaluation: {bootstrap: 50, conditions: [noise]}
            """
        let cfg = try Fixture.writeConfig(config, in: dir)
        let runs = dir.appendingPathComponent("runs").path
        var attempt = 0
        for (sig, delays) in [(SIGINT, [0.1, 0.8]), (SIGKILL, [0.05, 0.5, 1.5])] {
            for delay in delays {
                attempt += 1
                let p = try spawn(
                    ["run", cfg, "--out", runs, "outputs.cache_dir=\(dir.path)/cache\(attempt)"], cwd: dir)
                Thread.sleep(forTimeInterval: delay)
                kill(p.processIdentifier, sig)
                p.waitUntilExit()
                _ = try checkNoPartial(runs)
            }
        }
        let p = try spawn(["run", cfg, "--out", runs, "outputs.cache_dir=\(dir.path)/cache-final"], cwd: dir)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(try checkNoPartial(runs) >= 1)
        // Partial directories of killed processes are cleaned by the next run.
        let partial = ((try? FileManager.default.contentsOfDirectory(atPath: "\(runs)/.partial")) ?? [])
        #expect(partial.isEmpty, "left in .partial: \(partial)")
    }
}
