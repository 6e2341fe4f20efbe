import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func shippedProfilesAreValid() async throws {
        let profiles = try FileManager.default.contentsOfDirectory(atPath: Faultline.repositoryRoot.path + "/profiles")
            .filter { $0.hasSuffix(".yaml") }.map { "profiles/" + $0 }
        let result = try await Faultline.run(["validate"] + profiles)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").count == profiles.count)
    }

    @Test func anInvalidProfileExits2WithOneLocatedMessageEach() async throws {
        let file = Faultline.repositoryRoot.appendingPathComponent("Tests/Fixtures/four-problems.yaml")
        let result = try await Faultline.run(["validate", file.path])
        #expect(result.status == 2)
        let errors = result.standardError.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 4)
        #expect(errors.allSatisfy { $0.hasPrefix(file.path + ":") })
        #expect(errors[0].contains(":7:9: error: proxies[0].faults[0].dealy: unknown key 'dealy'"))
        #expect(errors[0].contains("did you mean 'delay'?"))
        #expect(errors[3].contains("did you mean 'redis'?"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func unreadableFilesAndUsageErrorsExit2() async throws {
        let missing = try await Faultline.run(["validate", "/nonexistent/profile.yaml"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("/nonexistent/profile.yaml: no such file"))
        let binary = try Faultline.temporaryFile(named: "binary.yaml", containing: "")
        try Data([0xff, 0xfe, 0x00, 0x41]).write(to: binary)
        let notText = try await Faultline.run(["validate", binary.path])
        #expect(notText.status == 2)
        #expect(notText.standardError.contains("not UTF-8 text"))
        #expect(try await Faultline.run(["validate"]).status == 2)
        #expect(try await Faultline.run(["no-such-command"]).status == 2)
    }

    @Test func versionAndHelp() async throws {
        let version = try await Faultline.run(["version"])
        #expect(version.status == 0)
        #expect(version.standardOutput.hasPrefix("faultline "))
        let help = try await Faultline.run(["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("validate"))
        #expect(help.standardOutput.contains("Exit codes"))
    }
}
