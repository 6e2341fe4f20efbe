import ArgumentParser
import FaultlineCore
import FaultlineProfiles

/// Checks profile files and reports every problem with its file, line, column and key path.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check profile files and report every problem with its location.",
        discussion: "Exits 0 when every file is valid and 2 when any is not; problems go to standard error."
    )

    @Argument(help: ArgumentHelp("The profile files to check.", valueName: "file"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one profile file.") }
    }

    func run() throws {
        var invalid = 0
        for file in files {
            do {
                let profile = try Profile(text: TextFile.read(file, maximumBytes: ConfigDocument.maximumBytes), file: file)
                print("\(file): ok (\(count(profile.proxies.count, "proxy", "proxies")), \(count(profile.schedule.count, "schedule step", "schedule steps")))")
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
