// Experiments: config schema, dataset manifests, multistream alignment and windowing, the runner,
// run records, sweeps and sharding, reproduce and compare. The only module that touches files and
// configs on behalf of a run.
