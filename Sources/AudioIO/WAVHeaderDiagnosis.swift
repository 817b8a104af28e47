import Foundation

/// When libsndfile refuses a RIFF/WAVE file, names the header field that is wrong (libsndfile only
/// says "SF_INFO struct incomplete" for a zero sample rate or channel count).
///
/// Reads the `fmt ` chunk (RIFF layout: "RIFF" size "WAVE", then chunks id(4) size(4 LE) data):
/// channels at byte 2 (UInt16 LE), sample rate at byte 4 (UInt32 LE) of the chunk data.
enum WAVHeaderDiagnosis {
    static func badField(path: String) -> AudioError? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4096), head.count >= 12 else { return nil }
        let bytes = [UInt8](head)
        guard bytes[0..<4] == [0x52, 0x49, 0x46, 0x46][...], bytes[8..<12] == [0x57, 0x41, 0x56, 0x45][...] else {
            return nil
        }
        func u32(_ i: Int) -> UInt32 {
            UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
        }
        var i = 12
        while i + 8 <= bytes.count {
            let size = Int(u32(i + 4))
            if bytes[i..<(i + 4)] == [0x66, 0x6D, 0x74, 0x20][...] {  // "fmt "
                guard i + 16 <= bytes.count else { return nil }
                let channels = Int(bytes[i + 10]) | Int(bytes[i + 11]) << 8
                let rate = u32(i + 12)
                if rate == 0 {
                    return .badHeader(path: path, field: "sample rate", value: "0", expected: "> 0 Hz")
                }
                if channels == 0 {
                    return .badHeader(path: path, field: "channels", value: "0", expected: "≥ 1")
                }
                return nil
            }
            i += 8 + size + (size & 1)
        }
        return nil
    }
}
