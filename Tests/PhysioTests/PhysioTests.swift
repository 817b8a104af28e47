// Tests for Physio.
