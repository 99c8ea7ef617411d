import Foundation
import QuarryModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `quarry-pdf` processes that read PDFs for this process: poppler runs there, never here.
///
/// Poppler is not reliably thread-safe and a hostile PDF can crash or hang it, so each PDF is
/// read in a reader process (`Sources/quarry-pdf`), one PDF at a time per reader, as many
/// readers as threads ask for one (the indexer reads on every processor). A reader that ends or
/// stops answering within `ReadLimits.pdfSeconds` is killed and forgotten: that one file fails
/// with a reason naming what happened, and the next PDF gets a new reader. Idle readers wait
/// for the next PDF and end when this process does (their input closes).
///
/// The reader is `quarry-pdf` beside the running executable (`/proc/self/exe`), or the program
/// named by `QUARRY_PDF_READER`.
final class PdfReaders: @unchecked Sendable {
    /// The readers of this process.
    static let shared = PdfReaders()

    private let lock = NSLock()
    private var idle: [PdfReaderProcess] = []

    private init() {
        // A reader that ended makes a write to its pipe fail with EPIPE instead of killing us.
        signal(SIGPIPE, SIG_IGN)
        // At exit the idle readers are ended and waited for, so none outlives this process and
        // their CPU time counts in its own (`time quarry index`).
        atexit { PdfReaders.shared.endIdle() }
    }

    /// Ends the idle readers (their input closes) and waits for them.
    func endIdle() {
        lock.lock()
        let ending = idle
        idle = []
        lock.unlock()
        _ = ending
    }

    /// The reader program's path.
    static let executable: String = {
        if let named = ProcessInfo.processInfo.environment["QUARRY_PDF_READER"], !named.isEmpty { return named }
        return (runningExecutable() as NSString).deletingLastPathComponent + "/quarry-pdf"
    }()

    /// The path of the running executable (tests run in their own, beside the built products).
    private static func runningExecutable() -> String {
        #if os(Linux)
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            if length > 0 { return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments.first ?? "quarry"
    }

    /// An idle reader, or a new one; throws `PdfReaderFault.cannotStart` when none can be started.
    func take() throws(PdfReaderFault) -> PdfReaderProcess {
        lock.lock()
        let reader = idle.popLast()
        lock.unlock()
        if let reader { return reader }
        return try PdfReaderProcess(executable: PdfReaders.executable)
    }

    /// A reader that answered everything asked, ready for the next PDF.
    func giveBack(_ reader: PdfReaderProcess) {
        lock.lock()
        idle.append(reader)
        lock.unlock()
    }
}

/// What went wrong with a reader process (not with the PDF: poppler's own errors are answers).
enum PdfReaderFault: Error {
    /// The reader program could not be started.
    case cannotStart(String)
    /// The reader ended while reading (a crash: killed by a signal, or an exit).
    case ended(String)
    /// The reader gave no answer within the time limit and was killed.
    case timedOut

    /// The failure of the file being read, in the words of `ParseFailure` reasons.
    func failure(path: String) -> ParseFailure {
        switch self {
        case .cannotStart(let detail):
            return ParseFailure(path: path, reason: "cannot start the pdf reader \(PdfReaders.executable): \(detail)")
        case .ended(let how):
            return ParseFailure(
                path: path, reason: "the pdf reader crashed on this file (\(how)); the file is not indexed")
        case .timedOut:
            return ParseFailure(
                path: path,
                reason:
                    "the pdf reader took more than \(ReadLimits.pdfSeconds) s (Quarry's limit for one pdf) and was stopped"
            )
        }
    }
}

/// One `quarry-pdf` process: requests written to its input, answers read from its output
/// within a deadline. Used by one thread at a time.
final class PdfReaderProcess {
    private let pid: pid_t
    private let requests: Int32
    private let answers: Int32
    private var buffer: [UInt8] = []
    private var position = 0
    /// When the current PDF's time is up.
    var deadline = ContinuousClock.now
    private static let spawning = NSLock()

    /// Starts the program at `executable` in its own process group (Ctrl-C at the terminal
    /// reaches `quarry`, which stops between files, not the reader), its standard error discarded.
    init(executable: String) throws(PdfReaderFault) {
        // Pipes and spawns are made under one lock, so no reader inherits another's pipe between
        // pipe() and FD_CLOEXEC (which would keep a crashed reader's pipe open).
        PdfReaderProcess.spawning.lock()
        defer { PdfReaderProcess.spawning.unlock() }
        var toReader: [Int32] = [-1, -1]
        var fromReader: [Int32] = [-1, -1]
        guard pipe(&toReader) == 0 else { throw .cannotStart(String(cString: strerror(errno))) }
        guard pipe(&fromReader) == 0 else {
            let detail = String(cString: strerror(errno))
            close(toReader[0])
            close(toReader[1])
            throw .cannotStart(detail)
        }
        for descriptor in toReader + fromReader { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toReader[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, fromReader[1], STDOUT_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var child: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), nil]
        defer { free(argv[0]) }
        let spawned = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        close(toReader[0])
        close(fromReader[1])
        guard spawned == 0 else {
            close(toReader[1])
            close(fromReader[0])
            throw .cannotStart(String(cString: strerror(spawned)))
        }
        pid = child
        requests = toReader[1]
        answers = fromReader[0]
    }

    deinit {
        close(requests)
        close(answers)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// Sends one request whole.
    func send(_ bytes: [UInt8]) throws(PdfReaderFault) {
        var offset = 0
        while offset < bytes.count {
            let wrote = bytes.withUnsafeBytes { write(requests, $0.baseAddress! + offset, $0.count - offset) }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { throw stop() }
            offset += wrote
        }
    }

    /// The next `count` bytes of the answer, waiting until the deadline.
    func receive(_ count: Int) throws(PdfReaderFault) -> ArraySlice<UInt8> {
        while buffer.count - position < count {
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            let left = deadline - ContinuousClock.now
            let milliseconds = max(
                0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            var poller = pollfd(fd: answers, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(clamping: milliseconds))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { throw stop(timedOut: true) }
            var chunk = [UInt8](repeating: 0, count: max(count - (buffer.count - position), 1 << 16))
            let got = chunk.withUnsafeMutableBytes { read(answers, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw stop() }
            buffer.append(contentsOf: chunk[..<got])
        }
        defer { position += count }
        return buffer[position..<position + count]
    }

    /// Kills the reader (it may be hung) and says how it ended.
    private func stop(timedOut: Bool = false) -> PdfReaderFault {
        var status: Int32 = 0
        if !timedOut {
            // It closed its end: it has ended or is ending.
            if waitpid(pid, &status, 0) == pid { return .ended(PdfReaderProcess.describe(status)) }
        }
        kill(pid, SIGKILL)
        return timedOut ? .timedOut : .ended("it stopped answering")
    }

    /// "killed by signal 11 (segmentation fault)" or "exit status 2".
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 { return "exit status \((status >> 8) & 0xff)" }
        let name = strsignal(signal).map { String(cString: $0).lowercased() } ?? "unknown signal"
        return "killed by signal \(signal), \(name)"
    }
}
