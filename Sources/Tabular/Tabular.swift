// Tabular: structured text in and out — CSV tables (read with errors naming file, column and row;
// written with RFC 4180 quoting), ordered JSON values, and atomic file writes.
// Stages stay pure: they take parsed values; the CLI and Experiments read and write files.
