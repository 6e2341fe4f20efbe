import ArgumentParser
import FaultlineCore
import FaultlineLab
import FaultlineProfiles
#if canImport(Glibc)
import Glibc
#endif

/// `faultline lab`: the netns lab of a suite, by hand.
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Bring a suite's netns lab up or down, show its state, or run a command in one of its hosts.",
        discussion: """
            The lab is the suite file's `lab:` section (a file may hold only that section). `faultline run` \
            brings a suite's lab up and down by itself; these commands are for looking at a lab, and for \
            cleaning up after a run that was killed. All need root. Exits 0 on success, 2 for a bad file, \
            3 when the kernel refuses.
            """,
        subcommands: [LabUp.self, LabDown.self, LabStatusCommand.self, LabExec.self]
    )
}

/// The suite or lab file every lab subcommand reads.
struct LabFile: ParsableArguments {
    @Argument(help: ArgumentHelp("A suite (or lab) file with a `lab:` section.", valueName: "file"))
    var file: String

    /// The file's lab; a bad file exits 2 with every problem located.
    func lab() throws -> Lab {
        do {
            let text = try TextFile.read(file, maximumBytes: ConfigDocument.maximumBytes)
            return Lab(try LabSpec(text: text, file: file))
        } catch let problems as DiagnosticList {
            StandardError.print(problems.description)
            throw ExitCode(2)
        } catch let error as TextFile.ReadError {
            StandardError.print("error: \(error)")
            throw ExitCode(2)
        }
    }
}

/// Runs a lab action, turning the kernel's refusals into exit 3 with the lab's message.
func labAction<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as LabError {
        StandardError.print("error: \(error)")
        throw ExitCode(3)
    }
}

/// `faultline lab up FILE`
struct LabUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Create the lab's hosts, bridge and links (first removing what an earlier run left of it)."
    )

    @OptionGroup var options: LabFile

    func run() async throws {
        let lab = try options.lab()
        let leftovers = try await labAction { try await lab.up() }
        if !leftovers.isEmpty { print("removed what an earlier run left: \(leftovers.joined(separator: ", "))") }
        print(try await labAction { try await lab.status() })
    }
}

/// `faultline lab down FILE`
struct LabDown: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Remove the lab's namespaces and links; nothing happens when the lab is not up."
    )

    @OptionGroup var options: LabFile

    func run() async throws {
        let lab = try options.lab()
        let removed = try await labAction { try await lab.down() }
        print(removed.isEmpty ? "lab \(lab.spec.name): nothing to remove" : "removed \(removed.joined(separator: ", "))")
    }
}

/// `faultline lab status FILE`
struct LabStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the lab's hosts, their links, shaping and cuts as the kernel has them."
    )

    @OptionGroup var options: LabFile

    func run() async throws {
        let lab = try options.lab()
        print(try await labAction { try await lab.status() })
    }
}

/// `faultline lab exec FILE HOST -- COMMAND...`
struct LabExec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command inside one of the lab's hosts (it becomes the command: same pid, its exit status)."
    )

    @OptionGroup var options: LabFile

    @Argument(help: "The lab host to run in.")
    var host: String

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after `--`.")
    var command: [String]

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("Name the command to run after `--`.") }
    }

    func run() async throws {
        let lab = try options.lab()
        guard lab.spec.host(named: host) != nil else {
            StandardError.print("error: lab \(lab.spec.name) has no host \(host) (hosts: \(lab.spec.hosts.map(\.name).joined(separator: ", ")))")
            throw ExitCode(2)
        }
        let namespace = lab.namespace(of: host)
        guard namespace.exists else {
            StandardError.print("error: lab \(lab.spec.name) is not up (no namespace \(namespace)); run `faultline lab up \(options.file)`")
            throw ExitCode(3)
        }
        let command = command
        // exec from the thread that entered the host: the program keeps that thread's namespace.
        let failure = try await labAction {
            try namespace.run { () -> Int32 in
                let argv = command.map { strdup($0) } + [nil]
                execvp(command[0], argv)
                return errno
            }
        }
        StandardError.print("error: cannot run \(command[0]): \(String(cString: strerror(failure)))")
        throw ExitCode(127)
    }
}
