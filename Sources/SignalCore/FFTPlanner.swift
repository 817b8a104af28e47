internal import CFFTW
import Foundation
import Synchronization

/// FFTW planning policy and versions, as recorded in run manifests.
///
/// FFTW's planner is not thread-safe (FFTW manual §5.4 "Thread safety": only `fftw_execute*` is);
/// every plan creation and destruction in this module goes through one process-wide `Mutex`.
/// Plans are always created with `FFTW_ESTIMATE`: `FFTW_MEASURE` picks algorithms by timing and was
/// measured to give bit-different outputs from run to run (shared/DESIGN.md, Determinism).
public enum FFTPlanning {
    /// The planner flag used for every plan ("FFTW_ESTIMATE").
    public static let plannerFlagName = "FFTW_ESTIMATE"

    /// FFTW's version string (e.g. "fftw-3.3.10-sse2-avx"), read at run time.
    ///
    /// `fftw_version` is a C array that Swift cannot import, so it is looked up with `dlsym`.
    public static var libraryVersion: String {
        guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, "fftw_version") else { return "unknown" }
        return String(cString: sym.assumingMemoryBound(to: CChar.self))
    }

    static let lock = Mutex<Void>(())
    static let flags = UInt32(FFTW_ESTIMATE)
}
