// Tests for FacialAU.
