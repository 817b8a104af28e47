import ArgumentParser
import Foundation

/// A user error: printed as one sentence on stderr, exit status 2 (ArgumentParser validation
/// errors use 64; uncaught library errors are wrapped into this so none escapes as a crash).
struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Writes a line to stdout.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Writes a line to stderr.
func log(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs `body`, turning any thrown error into a `CLIError` whose message is the error's description.
func userFacing<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
}
