/// Errors from reading and writing audio. Each names the file and what was expected.
public enum AudioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libsndfile could not open the file (missing, empty, truncated header, not audio, …).
    case unreadable(path: String, reason: String)
    /// The header declares a sample rate or channel count that cannot be analysed.
    case badHeader(path: String, field: String, value: String, expected: String)
    /// Fewer frames could be read than the header declares.
    case truncated(path: String, declaredFrames: Int64, readFrames: Int64)
    /// The file holds NaN or Inf samples (float formats only).
    case nonFinite(path: String, frame: Int64)
    /// The file has no audio frames.
    case empty(path: String)
    /// Writing failed.
    case unwritable(path: String, reason: String)
    /// A parameter (e.g. a requested rate) is invalid.
    case invalidParameter(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "\(p): not a readable audio file (\(r))"
        case .badHeader(let p, let f, let v, let e): return "\(p): header field \(f) = \(v); expected \(e)"
        case .truncated(let p, let d, let r):
            return "\(p): truncated: the header declares \(d) frames but only \(r) could be read"
        case .nonFinite(let p, let f): return "\(p): sample frame \(f) is NaN or Inf; expected finite samples"
        case .empty(let p): return "\(p): the file has no audio frames"
        case .unwritable(let p, let r): return "\(p): cannot be written (\(r))"
        case .invalidParameter(let n, let v, let e): return "invalid \(n) = \(v); expected \(e)"
        }
    }
}
