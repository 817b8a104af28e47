// Tests for Prosody.
