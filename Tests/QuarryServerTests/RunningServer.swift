import Foundation
import QuarryTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `quarry serve` started by a test on the loopback address and a free port, stopped (SIGTERM,
/// then SIGKILL) when the test lets go of it.
final class RunningServer {
    let process = Process()
    /// The port it listens on.
    let port: Int
    private let errors = Pipe()

    /// Starts `quarry serve --port 0 ARGUMENTS` in `directory` and waits for the URL it prints.
    init(_ arguments: [String] = [], in directory: URL) throws {
        process.executableURL = try QuarryBinary.executable()
        process.arguments = ["serve", "--port", "0"] + arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["QUARRY_INDEX"] = nil
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The first line is "serving INDEX at http://127.0.0.1:PORT/ (Ctrl-C to stop)".
        var line = Data()
        let deadline = Date().addingTimeInterval(30)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline, process.isRunning {
            line += output.fileHandleForReading.availableData
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
            let port = Int(text[range].dropFirst("http://127.0.0.1:".count).dropLast())
        else {
            process.terminate()
            let stderr = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
            throw Failure("quarry serve did not start: \(text) \(stderr)")
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops the server and waits for it.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// An HTTP answer.
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String

        /// The body parsed as a JSON object.
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
                throw Failure("not a JSON object: \(body.prefix(200))")
            }
            return object
        }
    }

    /// Sends `METHOD target` exactly as written (no client-side clean-up of `..` or escapes)
    /// over a fresh connection and reads the whole answer.
    func request(_ target: String, method: String = "GET") throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure("connect: \(errno)") }
        let head =
            "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        _ = head.withCString { send(fd, $0, strlen($0), 0) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data.append(buffer, count: count)
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure("no HTTP answer to \(target)") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Answer(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
