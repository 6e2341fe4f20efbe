import FaultlineChecker
import Foundation
import FaultlineHistory
import Testing

@Suite struct ReportTests {
    static let staleRead = """
        [[0 :invoke :write 1] [0 :ok :write 1] [0 :invoke :write 2] [0 :ok :write 2]
         [2 :invoke :write 3] [2 :fail :write 3] [3 :invoke :write 4] [3 :info :write 4]
         {:process :nemesis :type :info :f :start :value "partition"}
         [1 :invoke :read nil] [1 :ok :read 1]
         {:process :nemesis :type :info :f :stop}]
        """

    @Test func theHTMLReportIsSelfContainedAndNamesTheOffendingOperation() async throws {
        let history = try EDNCodec.decode(Array(Self.staleRead.utf8), file: "stale.edn").paired()
        let report = try await ModelCatalog.check(history, model: "register", initial: nil, checker: Checker())
        let html = HTMLReport.render(report, history: history, title: "stale.edn <&>")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src=") && !html.contains("<link"))
        #expect(html.contains("cannot linearize process 1&#39;s read -> 1") || html.contains("cannot linearize process 1's read -&gt; 1"))
        #expect(html.contains("stale.edn &lt;&amp;&gt;"))
        #expect(html.contains("\"faults\":[[8,11,\"partition\"]]"))
        #expect(html.contains("\"fail\""))
        #expect(html.contains("CANNOT BE LINEARIZED"))
    }

    @Test func theHTMLReportCopesWithLargeHistories() async throws {
        var simulator = RegisterSimulator()
        simulator.operations = 12_000
        simulator.keys = 20
        simulator.processes = 30
        simulator.staleReadProbability = 0.01
        let history = try simulator.run().history.paired()
        let report = try await ModelCatalog.check(history, model: "cas-register", initial: nil, checker: Checker())
        let html = HTMLReport.render(report, history: history, title: "big")
        #expect(html.contains("\"ops\":["))
        #expect(html.utf8.count < 3_000_000)
        #expect(html.components(separatedBy: "</script>").count == 2)
    }

    @Test func textAndJSONReportsCarryTheExplanation() async throws {
        let history = try EDNCodec.decode(Array(Self.staleRead.utf8), file: "stale.edn").paired()
        let report = try await ModelCatalog.check(history, model: "register", initial: nil, checker: Checker())
        let text = TextReport.render(report)
        #expect(text.hasPrefix("not-linearizable (register): 4 operations (+1 failed), 4 processes, 1 partition"))
        #expect(text.contains("cannot linearize process 1's read -> 1"))
        #expect(text.contains("read 1 but the register holds 2"))
        let json = JSONReport.render(report)
        #expect(json.hasPrefix("{\"verdict\":\"not-linearizable\",\"model\":\"register\""))
        #expect(json.contains("{\"state\":\"2\",\"reason\":\"read 1 but the register holds 2\"}"))
    }
}
