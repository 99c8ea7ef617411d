import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The writer's lock of an index: one process at a time changes it (`quarry index`, `watch`,
/// `forget`, `compact`, `check --repair`); searches never take it.
///
/// The lock is `flock(2)` on `lock` in the index folder, which the kernel releases when its
/// holder exits or dies, so a lock left by a killed process never blocks. The file says who
/// holds it (pid, start time, command), so that a second writer can tell the user whom it
/// waits for, instead of Xapian's anonymous "unable to get write lock".
public final class IndexLock {
    /// Who holds a lock.
    public struct Holder: Sendable, Equatable {
        public var pid: Int32
        /// When the holder took the lock, in seconds since 1970.
        public var since: Double
        /// The command it runs (`index`, `watch`, …).
        public var command: String

        /// `pid 4242 (quarry index) since 14:03:07` (with the date when it is not today).
        public var description: String {
            let date = Date(timeIntervalSince1970: since)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = Calendar.current.isDateInToday(date) ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss"
            return "pid \(pid) (quarry \(command)) since \(formatter.string(from: date))"
        }

        /// The holder as the lock file states it: `pid`, `since` and `command` lines.
        init?(fileText text: String) {
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let space = line.firstIndex(of: " ") else { continue }
                fields[String(line[..<space])] = String(line[line.index(after: space)...])
            }
            guard let pid = fields["pid"].flatMap({ Int32($0) }), let since = fields["since"].flatMap(Double.init)
            else { return nil }
            self.init(pid: pid, since: since, command: fields["command"] ?? "index")
        }

        init(pid: Int32, since: Double, command: String) {
            self.pid = pid
            self.since = since
            self.command = command
        }

        var fileText: String { "pid \(pid)\nsince \(since)\ncommand \(command)\n" }
    }

    /// The lock file of an index.
    public static func path(_ location: IndexLocation) -> String { location.path + "/lock" }

    private let descriptor: Int32

    /// Takes the lock of the index at `location` (whose folder must exist) for `command`.
    /// Throws `IndexError.busy` naming the holder when another process has it, unless `wait`:
    /// then `waiting` is told who holds it and the call blocks until the lock is free.
    public init(
        location: IndexLocation, command: String, wait: Bool = false, waiting: ((Holder) -> Void)? = nil
    ) throws(IndexError) {
        let path = Self.path(location)
        // `self.descriptor` is set only once the lock is held: a class whose stored properties are
        // all set runs its deinit when its init throws, and that deinit would close (and truncate)
        // the descriptor a second time — by then perhaps another thread's file under the same number.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .catalog(path: path, detail: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(descriptor) ?? Holder(pid: 0, since: 0, command: "index")
            guard wait else {
                close(descriptor)
                throw .busy(path: location.path, holder: holder)
            }
            waiting?(holder)
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(descriptor)
                    throw .catalog(path: path, detail: "cannot lock: \(String(cString: strerror(errno)))")
                }
            }
        }
        let me = Holder(pid: getpid(), since: Date().timeIntervalSince1970, command: command)
        let bytes = Array(me.fileText.utf8)
        _ = ftruncate(descriptor, 0)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    /// Releases the lock.
    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Who holds the lock of the index at `location`, or nil when nobody does.
    public static func holder(of location: IndexLocation) -> Holder? {
        let descriptor = open(path(location), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // A shared lock is granted only when no writer holds it.
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        return holder(descriptor)
    }

    /// The holder a lock file names.
    private static func holder(_ descriptor: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Holder(fileText: String(decoding: buffer.prefix(count), as: UTF8.self))
    }
}
