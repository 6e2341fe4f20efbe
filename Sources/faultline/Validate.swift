import ArgumentParser
import FaultlineCore
import FaultlineProfiles

/// Checks profile and suite files and reports every problem with its file, line, column and key path.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check profile and suite files and report every problem with its location.",
        discussion: "Exits 0 when every file is valid and 2 when any is not; problems go to standard error."
    )

    @Argument(help: ArgumentHelp("The profile or suite files to check.", valueName: "file"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one profile file.") }
    }

    func run() throws {
        var invalid = 0
        for file in files {
            do {
                let text = try TextFile.read(file, maximumBytes: ConfigDocument.maximumBytes)
                if Suite.isSuite(text, file: file) {
                    let suite = try Suite(text: text, file: file)
                    print("\(file): ok (suite '\(suite.name)': \(count(suite.nodes.count, "node", "nodes")), "
                        + "\(count(suite.proxies.count, "proxy", "proxies")), \(count(suite.schedule.count, "schedule step", "schedule steps")), "
                        + "expects \(suite.expect.rawValue))")
                } else {
                    let profile = try Profile(text: text, file: file)
                    print("\(file): ok (\(count(profile.proxies.count, "proxy", "proxies")), \(count(profile.schedule.count, "schedule step", "schedule steps")))")
                }
            } catch let problems as DiagnosticList {
                invalid += 1
                StandardError.print(problems.description)
                StandardError.print("\(file): \(count(problems.diagnostics.count, "problem", "problems"))")
            } catch {
                invalid += 1
                StandardError.print("error: \(error)")
            }
        }
        if invalid > 0 { throw ExitCode(2) }
    }

    private func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }
}
