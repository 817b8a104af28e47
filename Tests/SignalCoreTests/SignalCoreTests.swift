// Tests for SignalCore.
