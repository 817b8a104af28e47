// Tests for AudioIO.
