import AudioIO
import ContentHash
import Foundation
import SignalCore
import Tabular

/// What a run manifest records about the code and machine: git commit, dirty flag and diff,
/// library versions, BLAS threading, FFTW planner flag, CPU, command line.
public enum Provenance {
    /// Swift language version the binary was compiled with.
    public static var swiftVersion: String {
        #if swift(>=6.4)
            return ">=6.4"
        #elseif swift(>=6.3)
            return "6.3"
        #elseif swift(>=6.2)
            return "6.2"
        #elseif swift(>=6.1)
            return "6.1"
        #else
            return "6.0"
        #endif
    }

    /// First "model name" in /proc/cpuinfo (Linux), else "unknown".
    public static var cpuModel: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let c = line.firstIndex(of: ":") {
                return line[line.index(after: c)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }

    /// Runs `git args` in `directory`; nil when git or the repository is absent.
    static func git(_ args: [String], in directory: String) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", directory] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Git commit, dirty flag and `git diff HEAD` of the repository containing `directory`.
    public static func gitState(directory: String) -> JSONValue {
        guard let commit = git(["rev-parse", "HEAD"], in: directory)?.trimmingCharacters(in: .whitespacesAndNewlines)
        else {
            return .obj([
                ("commit", .null), ("dirty", .null), ("diff", .null), ("note", .string("not a git repository")),
            ])
        }
        let status = git(["status", "--porcelain", "--untracked-files=no"], in: directory) ?? ""
        let diff = git(["diff", "HEAD"], in: directory) ?? ""
        return .obj([
            ("commit", .string(commit)), ("dirty", .bool(!status.isEmpty)),
            ("diff", .string(diff)), ("diff_sha256", .string(SHA256.hex(of: diff))),
        ])
    }

    /// Library versions and numerical settings. `blas` comes from the Fusion module's BLAS info
    /// once it is part of the build.
    public static func libraries(blas: JSONValue) -> JSONValue {
        .obj([
            ("affect_workbench", .string(RunRecord.toolVersion)), ("swift", .string(swiftVersion)),
            ("fftw", .string(FFTPlanning.libraryVersion)), ("fftw_planner_flag", .string(FFTPlanning.plannerFlagName)),
            ("libsndfile", .string(AudioFile.libraryVersion)), ("libcrypto", .string(SHA256.libraryVersion)),
            ("blas", blas),
        ])
    }

    public static var machine: JSONValue {
        .obj([
            ("cpu", .string(cpuModel)), ("logical_cores", .integer(ProcessInfo.processInfo.activeProcessorCount)),
            ("os", .string(ProcessInfo.processInfo.operatingSystemVersionString)),
        ])
    }
}
