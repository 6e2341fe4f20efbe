import ArgumentParser

/// `faultline ctl`: drives a running server through its control API.
struct Ctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctl",
        abstract: "Drive a running faultline (or Toxiproxy) server through its control API.",
        discussion: """
            Works with any server speaking Toxiproxy's API; partition, heal, load and UDP proxies \
            need Faultline's. Exits 0 on success, 2 when the server refuses the request (the \
            server's message is printed), 3 when the server cannot be reached.
            """,
        subcommands: [CtlList.self, CtlCreate.self, CtlDelete.self, CtlToxic.self, CtlEnable.self, CtlDisable.self,
                      CtlPartition.self, CtlHeal.self, CtlReset.self, CtlLoad.self]
    )
}
