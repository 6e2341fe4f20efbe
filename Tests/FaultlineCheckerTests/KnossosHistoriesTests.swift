import FaultlineChecker
import FaultlineHistory
import Foundation
import Testing

/// Every history in the Knossos manifest, checked with its model and initial value, must get
/// the verdict the Knossos test suite states.
@Suite struct KnossosHistoriesTests {
    struct Entry: CustomTestStringConvertible, Sendable {
        let file: String
        let model: String
        let initial: String
        let expected: String
        var testDescription: String { file }
    }

    static let entries: [Entry] = {
        let manifest = historiesDirectory.appendingPathComponent("knossos/MANIFEST.tsv")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 4 else { return nil }
            return Entry(file: columns[0], model: columns[1], initial: columns[2], expected: columns[3])
        }
    }()

    @Test func theManifestIsThere() {
        #expect(Self.entries.count == 63)
        #expect(Self.entries.filter { $0.expected == "not-linearizable" }.count == 5)
    }

    @Test(arguments: entries)
    func verdictMatchesKnossos(_ entry: Entry) async throws {
        let path = historiesDirectory.appendingPathComponent("knossos/" + entry.file).path
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let history = try HistoryFormat.detect(bytes).decode(bytes, file: path).paired()
        let report = try await ModelCatalog.check(history, model: entry.model, initial: try Self.initialValue(entry.initial),
                                                  checker: Checker(options: .init(timeout: .seconds(120))))
        #expect(report.verdict.rawValue == entry.expected, "\(report.summary)")
        if report.verdict == .notLinearizable {
            #expect(report.violations.first?.possibleStates.isEmpty == false)
        }
    }

    /// The manifest writes the multi-register's initial value as `{x: 0, y: 0}`; in EDN that is `{:x 0 :y 0}`.
    static func initialValue(_ text: String) throws -> HistoryValue {
        let edn = text.replacing(/(\w+):/) { ":" + $0.output.1 }.replacing(",", with: "")
        return try HistoryValue(literal: edn)
    }
}
