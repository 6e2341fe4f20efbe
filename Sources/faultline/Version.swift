import ArgumentParser
import FaultlineCore

/// Prints the version of this Faultline build.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Faultline's version.")

    func run() {
        print("faultline \(FaultlineVersion.current)")
    }
}
