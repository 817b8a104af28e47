// Fusion: Matrix over OpenBLAS/LAPACKE, standardisation, multinomial logistic regression, MLP,
// early/late/hybrid fusion with missing-modality masks, subject-wise cross-validation, metrics.
