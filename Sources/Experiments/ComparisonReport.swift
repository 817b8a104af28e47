import Foundation
import Reporting
import Tabular

/// Report sections for comparisons with reference values, and the report of a features-only run.
extension RunReport {
    /// A number for the comparison tables: 6 significant digits (reference values span 1e-4 to 1e5).
    static func sig(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "undefined" : "\(x)" }
        return String(format: "%.6g", x)
    }

    /// One table per comparison: per window and feature, ours, the reference, the absolute and
    /// relative difference, the tolerance and pass/fail.
    static func comparisonBlocks(_ results: [ComparisonResult]) -> [ReportDocument.Block] {
        var b: [ReportDocument.Block] = [.heading(1, "Comparison with reference values")]
        b.append(.paragraph("Rule: \(ComparisonResult.rule). Relative difference = (ours − reference) / |reference|."))
        for r in results {
            b.append(.heading(2, r.comparison.name))
            b.append(
                .paragraph(
                    "Reference: \(r.comparison.reference) (sha256 \(r.reference.sha256.prefix(16))…). Tool: \(r.reference.tool). Origin: \(r.reference.origin)"
                ))
            if !r.comparison.note.isEmpty { b.append(.paragraph(r.comparison.note)) }
            let declared = r.withTolerance
            b.append(
                .paragraph(
                    "\(r.rows.count) values compared; \(declared) with a declared tolerance: \(r.passed) within it, \(r.failed) outside it."
                        + (declared < r.rows.count
                            ? " \(r.rows.count - declared) without a declared tolerance are reported only." : "")))
            let rows = r.rows.map { row -> [String] in
                let tol = row.tolerance.map { "atol \(sig($0.atol)), rtol \(sig($0.rtol))" } ?? "none declared"
                let pass = row.pass.map { $0 ? "pass" : "FAIL" } ?? "–"
                return [
                    row.window, r.comparison.prefix + row.feature, sig(row.ours), sig(row.reference),
                    sig(row.absDiff), row.relDiff.isFinite ? String(format: "%+.3f %%", 100 * row.relDiff) : "–", tol,
                    pass,
                ]
            }
            b.append(
                .table(
                    caption: "\(r.comparison.name): ours versus \(r.reference.tool).",
                    header: [
                        "window", "feature", "ours", "reference", "|difference|", "relative", "tolerance", "result",
                    ],
                    rows: rows))
        }
        return b
    }

    /// The report of a features-only run (`evaluation.protocol: none`): configuration, dataset,
    /// feature summary and the comparisons. It says plainly that no model was fitted.
    static func featuresOnlyDocument(
        plan: RunPlan, table: FeatureTable, comparisons: [ComparisonResult], runName: String
    ) -> ReportDocument {
        let c = plan.config
        var b: [ReportDocument.Block] = []
        b.append(
            .paragraph(
                "Run \(runName). Features-only run (evaluation.protocol: none): no model was fitted, nothing was calibrated and no predictions or indicator metrics exist. The run record holds the stage outputs (features.csv) and their comparison with the declared reference values (metrics.json)."
            ))
        b += configurationBlocks(c)
        b += datasetBlocks(plan: plan, table: table)
        b.append(.heading(1, "Features"))
        let undefined = table.names.indices.filter { j in table.values.contains { $0[j].isNaN } }.count
        b.append(
            .paragraph(
                "Stages \(c.stages.map(\.name).joined(separator: ", ")): \(table.names.count) features for each of \(table.rows.count) windows (features.csv); \(undefined) features are undefined (NaN) in at least one window."
            ))
        if comparisons.isEmpty {
            b.append(.paragraph("No comparison with reference values was configured."))
        } else {
            b += comparisonBlocks(comparisons)
        }
        return ReportDocument(title: "AffectWorkbench features-only run: \(c.name)", blocks: b)
    }
}
