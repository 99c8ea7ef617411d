import Foundation

/// Runs the built `quarry` binary and captures what it prints.
public struct QuarryBinary {
    public struct Output {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        /// Standard output parsed as a JSON object.
        public func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            guard let dictionary = object as? [String: Any] else {
                throw Failure("standard output is not a JSON object")
            }
            return dictionary
        }
    }

    /// The `quarry` executable next to the test bundle (SwiftPM puts products side by side).
    public static let url: URL? = {
        var candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        for directory in candidates {
            let url = directory.appendingPathComponent("quarry")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }()

    /// The binary, or an error saying it was not built.
    public static func executable() throws -> URL {
        guard let url else { throw Failure("the quarry binary was not built next to the tests") }
        return url
    }

    /// Runs quarry with `arguments` in `directory`; `environment` adds to (and `QUARRY_INDEX` is
    /// removed from) the test's environment.
    public static func run(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:], stdin: URL? = nil,
        executable program: URL? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = try program ?? executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["QUARRY_INDEX"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) }
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A test helper's failure, with what went wrong.
public struct Failure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension QuarryBinary {
    /// Runs quarry on a pseudo-terminal (through util-linux `script`), as a user at a shell
    /// would; what it wrote to standard output and standard error comes back mixed, with
    /// the terminal's `\r\n` line ends. Nil when `script` is not installed.
    public static func runOnTerminal(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:]
    ) throws -> Output? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return nil }
        let quoted = ([try executable().path] + arguments).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        return try run(
            ["-qec", quoted.joined(separator: " "), "/dev/null"], in: directory, environment: environment,
            executable: URL(fileURLWithPath: "/usr/bin/script"))
    }
}
