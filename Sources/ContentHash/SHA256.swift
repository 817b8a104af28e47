internal import CLibCrypto
import Foundation

/// SHA-256 content hashes (FIPS 180-4) through the system libcrypto's EVP interface.
///
/// Used for input file hashes in run records and `affect audio info`. Files are hashed in 1 MiB
/// blocks, so memory does not grow with file size.
public enum SHA256 {
    /// Lowercase hex digest of `data`.
    public static func hex(of data: Data) -> String {
        let ctx = Context()
        data.withUnsafeBytes { ctx.update($0) }
        return ctx.finalHex()
    }

    /// Lowercase hex digest of a UTF-8 string.
    public static func hex(of string: String) -> String { hex(of: Data(string.utf8)) }

    /// Lowercase hex digest of the file at `path`, streamed in blocks.
    public static func hex(ofFileAt path: String) throws(ContentHashError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path: path) }
        defer { try? handle.close() }
        let ctx = Context()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw .unreadable(path: path) }
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { ctx.update($0) }
        }
        return ctx.finalHex()
    }

    /// The OpenSSL version string of the linked libcrypto (for run manifests).
    public static var libraryVersion: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }

    private final class Context {
        let ctx: OpaquePointer
        init() {
            ctx = EVP_MD_CTX_new()
            EVP_DigestInit_ex(ctx, EVP_sha256(), nil)
        }
        deinit { EVP_MD_CTX_free(ctx) }
        func update(_ bytes: UnsafeRawBufferPointer) {
            if let base = bytes.baseAddress, bytes.count > 0 { EVP_DigestUpdate(ctx, base, bytes.count) }
        }
        func finalHex() -> String {
            var out = [UInt8](repeating: 0, count: 32)
            var len: UInt32 = 0
            EVP_DigestFinal_ex(ctx, &out, &len)
            return out.prefix(Int(len)).map { String(format: "%02x", $0) }.joined()
        }
    }
}

/// Errors from content hashing.
public enum ContentHashError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String)
    public var description: String {
        switch self {
        case .unreadable(let path): return "\(path): cannot be opened for reading"
        }
    }
}
