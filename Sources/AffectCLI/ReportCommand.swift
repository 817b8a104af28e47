import ArgumentParser
import Experiments
import Foundation
import Tabular

/// `affect report RUN`: rewrite report.html and model_card.md from a run record.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Rewrite report.html and model_card.md of a run from its record (no features recomputed, no model refitted)."
    )

    @Argument(help: "Run directory.") var directory: String

    func run() throws {
        try userFacing {
            let (html, card) = try ReportRebuild.rebuild(run: directory, registry: .standard)
            try AtomicFile.write(html, to: directory + "/report.html")
            if let card { try AtomicFile.write(card, to: directory + "/model_card.md") }
            emit(directory + "/report.html")
        }
    }
}
