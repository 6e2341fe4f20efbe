import Foundation
import FaultlineProfiles
import Testing

/// Every profile shipped in profiles/ must validate.
@Suite struct ShippedProfilesTests {
    static let files: [String] = {
        let directory = repositoryRoot + "/profiles"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory + "/" + $0 }
    }()

    @Test func thereAreAtLeastSix() {
        #expect(Self.files.count >= 6)
    }

    @Test(arguments: files)
    func validates(file: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let decoded = try Profile(text: text, file: file)
        #expect(!decoded.proxies.isEmpty)
    }
}
