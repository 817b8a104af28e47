internal import COpenBLAS
import Synchronization

/// The BLAS library behind `Matrix` (OpenBLAS), for run manifests, and its thread count.
///
/// Threads are pinned deterministically: the first Fusion computation sets OpenBLAS to
/// `defaultThreads` (1) unless `setThreads` was called before. The count is process-wide (an
/// OpenBLAS setting), so experiment runners record `threads` in the manifest. Reductions in
/// OpenBLAS can change bit patterns with the thread count; metrics agree to ~1e-12 (tested).
public enum BLASInfo {
    /// Threads used unless a caller sets another count: 1 (deterministic, and the fastest on a
    /// shared 2-core machine for the matrix sizes here).
    public static let defaultThreads = 1

    private static let pinned = Mutex(false)

    /// OpenBLAS build configuration (`openblas_get_config`), e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH …".
    public static var config: String {
        guard let p = openblas_get_config() else { return "unknown" }
        return String(cString: p)
    }

    /// The CPU kernel set OpenBLAS selected (`openblas_get_corename`), e.g. "Haswell".
    public static var coreName: String {
        guard let p = openblas_get_corename() else { return "unknown" }
        return String(cString: p)
    }

    /// Current OpenBLAS thread count (after pinning).
    public static var threads: Int {
        pinDefault()
        return Int(openblas_get_num_threads())
    }

    /// Sets the OpenBLAS thread count (process-wide). `count` must be ≥ 1.
    public static func setThreads(_ count: Int) throws(FusionError) {
        guard count >= 1, count <= 256 else {
            throw .invalidParameter(name: "blas_threads", value: "\(count)", expected: "an integer in 1…256")
        }
        pinned.withLock { p in
            p = true
            openblas_set_num_threads(Int32(count))
        }
    }

    /// Pins OpenBLAS to `defaultThreads` once, unless a count was set explicitly before.
    public static func pinDefault() {
        pinned.withLock { p in
            if !p {
                p = true
                openblas_set_num_threads(Int32(defaultThreads))
            }
        }
    }

    /// A one-line summary for logs and manifests: config, core and threads.
    public static var summary: String { "\(config); core \(coreName); threads \(threads)" }
}
