import ArgumentParser
import Foundation

/// `quarry manual`: the manual page, in roff, built from the same help texts as `--help`.
///
/// ArgumentParser's own generator (`swift package generate-manual`) escapes only the first
/// line of a text and drops non-ASCII characters, so a help line that starts with `.` would
/// be taken for a roff request and vanish; here every line is escaped on its own.
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual",
        abstract: "Print the manual page (roff) to standard output.",
        discussion: """
            scripts/demo.sh installs it; by hand:
              quarry manual > ~/.local/share/man/man1/quarry.1 && man quarry
            """,
        shouldDisplay: false)

    func run() throws {
        print(Self.page(), terminator: "")
    }

    /// The commands in the order the page lists them.
    static var commands: [ParsableCommand.Type] {
        Quarry.configuration.subcommands.filter { $0.configuration.shouldDisplay }
    }

    /// The whole page: name, synopsis, the root help, then each command's help.
    static func page() -> String {
        var out = """
            .TH QUARRY 1 "" "quarry \(Quarry.configuration.version)" "User Commands"
            .SH NAME
            quarry \\- \(escape(Quarry.configuration.abstract))
            .SH SYNOPSIS
            .B quarry
            \\fIcommand\\fR [\\fIoptions\\fR]

            """
        out += section("DESCRIPTION", Quarry.helpMessage(columns: 80))
        out += ".SH COMMANDS\n"
        for command in commands {
            let name = command.configuration.commandName ?? "\(command)"
            out += ".SS \"quarry \(escape(name))\"\n"
            out += literal(Quarry.helpMessage(for: command, columns: 80))
        }
        out += section(
            "ENVIRONMENT",
            """
            QUARRY_INDEX      the index folder when --index is not given
            XDG_CONFIG_HOME   holds quarry/config.toml (default ~/.config)
            NO_COLOR          set and non-empty: no colour with --color auto
            """)
        out += section(
            "EXIT STATUS",
            """
            0 success, 1 some files failed, 64 bad usage or query, 65 an index of another version,
            66 no index or no such item, 74 the index's files cannot be read or written,
            75 another process is updating the index, 78 a broken config file.
            """
        )
        return out
    }

    private static func section(_ title: String, _ text: String) -> String {
        ".SH \(title)\n" + literal(text)
    }

    /// Text kept line for line (no filling), each line escaped.
    private static func literal(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }
        return ".nf\n" + lines.joined(separator: "\n") + "\n.fi\n"
    }

    /// One line of text made safe for roff: backslashes and hyphens escaped, and a line that
    /// starts with `.` or `'` (which roff reads as a request) led by the zero-width `\&`.
    static func escape(_ line: String) -> String {
        var out = line.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        return out
    }
}
