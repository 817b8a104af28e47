// Tests for AffectCLI.
