import Foundation
import Synchronization
import Tabular

/// Run directories (`runs/<date>-<name>-<confighash8>/`, shared/DESIGN.md "Run record"),
/// written atomically: every file goes into `<runs>/.partial/<pid>-<random>/`, which is renamed
/// to its final name only after `manifest.json` (written last, status `completed`) is on disk.
/// A run killed at any moment leaves at most a `.partial` entry, which the next run removes when
/// its process is gone; it never leaves a half-written run directory.
public enum RunRecord {
    public static let toolVersion = "0.1.0"
    public static let manifestSchema = "affect.run.v1"

    /// Temporary run directories of this process, removed by `abandonAll()` (SIGINT handler).
    static let active = Mutex<[String]>([])

    /// Creates a fresh temporary directory for a run under `runsDirectory/.partial`, after
    /// removing partial directories left by processes that no longer exist.
    public static func beginTemporary(runsDirectory: String) throws(ExperimentsError) -> String {
        let fm = FileManager.default
        let partial = URL(fileURLWithPath: runsDirectory).appendingPathComponent(".partial")
        do { try fm.createDirectory(at: partial, withIntermediateDirectories: true) } catch {
            throw .record(path: partial.path, message: "cannot be created (\(error.localizedDescription))")
        }
        for entry in (try? fm.contentsOfDirectory(atPath: partial.path)) ?? [] {
            if let pid = Int32(entry.split(separator: "-").first ?? ""), pid != getpid(), kill(pid, 0) != 0,
                errno == ESRCH
            {
                try? fm.removeItem(at: partial.appendingPathComponent(entry))
            }
        }
        let serial = active.withLock { $0.count }
        let stamp = String(UInt64(Date().timeIntervalSince1970 * 1e6), radix: 36)  // a name only; never affects results
        let dir = partial.appendingPathComponent("\(getpid())-\(stamp)-\(serial)")
        do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            throw .record(path: dir.path, message: "cannot be created (\(error.localizedDescription))")
        }
        active.withLock { $0.append(dir.path) }
        return dir.path
    }

    /// Writes `text` to `relative` inside the temporary run directory `dir`.
    public static func write(_ text: String, _ relative: String, in dir: String) throws(ExperimentsError) {
        let url = URL(fileURLWithPath: dir).appendingPathComponent(relative)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        } catch { throw .record(path: url.path, message: "cannot be written (\(error.localizedDescription))") }
    }

    /// Renames the finished temporary directory to `<runs>/<base>` (or `<base>-2`, `-3`, … when
    /// taken) and returns the final path. rename(2) of a directory is atomic.
    public static func commit(temporary dir: String, runsDirectory: String, base: String) throws(ExperimentsError)
        -> String
    {
        var k = 1
        while true {
            let name = k == 1 ? base : "\(base)-\(k)"
            let final = URL(fileURLWithPath: runsDirectory).appendingPathComponent(name).path
            if !FileManager.default.fileExists(atPath: final) {
                // rename(2) fails with EEXIST/ENOTEMPTY if another process took the name meanwhile.
                if rename(dir, final) == 0 {
                    active.withLock { $0.removeAll { $0 == dir } }
                    return final
                }
                if errno != EEXIST && errno != ENOTEMPTY {
                    throw .record(
                        path: final,
                        message: "cannot rename the finished run into place (\(String(cString: strerror(errno))))")
                }
            }
            k += 1
        }
    }

    /// Removes this process's temporary run directories (called on SIGINT and on failure).
    public static func abandonAll() {
        let dirs = active.withLock { d -> [String] in
            let c = d
            d.removeAll()
            return c
        }
        for d in dirs { try? FileManager.default.removeItem(atPath: d) }
    }

    /// Removes one temporary directory (after a failed run).
    public static func abandon(_ dir: String) {
        active.withLock { $0.removeAll { $0 == dir } }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Whether `dir` is a complete run record (manifest.json with status `completed`).
    public static func isComplete(_ dir: String) -> Bool {
        guard let m = try? readJSON(URL(fileURLWithPath: dir).appendingPathComponent("manifest.json").path),
            case .string(let s)? = m["status"]
        else { return false }
        return s == "completed"
    }

    /// Reads a JSON file into a `JSONValue` (via the YAML reader: JSON is YAML).
    public static func readJSON(_ path: String) throws(ExperimentsError) -> JSONValue {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .record(path: path, message: "cannot be read")
        }
        return try ConfigValue.parse(yaml: text, source: path).json()
    }

    /// The names of the files a complete run directory must hold.
    public static let requiredFiles = [
        "config.yaml", "config.resolved.json", "manifest.json", "features.csv", "predictions.csv", "metrics.json",
        "report.html", "model_card.md",
    ]
}
