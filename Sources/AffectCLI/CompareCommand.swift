import ArgumentParser
import Experiments
import Foundation
import Reporting
import Tabular

/// `affect compare RUN... [--html FILE]`.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract:
            "Metrics with CIs side by side (overall, per condition and group) and the config differences between runs.")

    @Argument(help: "Run directories.") var runs: [String]
    @Option(help: "Also write the comparison (with the runs' reliability diagrams) as a self-contained HTML file.")
    var html: String?

    func run() throws {
        try userFacing {
            guard !runs.isEmpty else { throw CLIError("give at least one run directory") }
            let loaded = try Compare.load(runs)
            emit(Compare.text(loaded))
            if let html {
                try AtomicFile.write(ReportHTML.render(Compare.document(loaded)), to: html)
                log("wrote \(html)")
            }
        }
    }
}
