// Calibration: reliability binning with named conventions, ECE family, MCE, Brier and its
// decomposition, NLL, calibration slope/intercept, AURC; post-hoc calibrators; bootstrap CIs;
// per-condition and per-group comparison.
