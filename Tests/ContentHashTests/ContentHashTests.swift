import ContentHash
import Foundation
import Testing

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        // FIPS 180-4 examples.
        #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func fileHashIsStreamedAndEqualsInMemoryHash() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(getpid()).bin").path
        let data = Data((0..<3_000_000).map { UInt8($0 % 251) })
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try SHA256.hex(ofFileAt: path) == SHA256.hex(of: data))
        #expect(throws: ContentHashError.unreadable(path: "/nonexistent/x")) {
            try SHA256.hex(ofFileAt: "/nonexistent/x")
        }
    }
}
