#if canImport(Glibc)
    import Glibc

    /// Tells which folders under some roots changed, through Linux's inotify (`inotify_init1`,
    /// `inotify_add_watch`): one watch per folder (hidden and excluded folders are not watched,
    /// symbolic links not followed), added for every folder that appears or moves in.
    ///
    /// `nextChanges` waits for a burst of changes to settle and returns the folders to walk again
    /// (each recursively, as a `Crawler` root): the folders in which an entry was created, written,
    /// changed, renamed or deleted. A folder that is gone is replaced by its nearest existing
    /// ancestor below a root, so its files are removed as deleted; a root that is gone stays, so
    /// the crawl reports it unreachable and the index keeps what it holds from it. A root that
    /// comes back is noticed (looked for every half second) and walked again. When the kernel's
    /// event queue overflows, every root is walked again.
    public final class FolderWatcher {
        /// The roots watched, absolute.
        public let roots: [String]
        private let excluded: [String]
        private let descriptor: Int32
        /// Watch descriptor → the folder it watches.
        private var folders: [Int32: String] = [:]
        /// Roots that were not there when last looked at.
        private var missingRoots: Set<String> = []
        private var changed: Set<String> = []

        /// Starts watching `roots` (absolute folders) and every folder below them, except the
        /// paths `excluded` and what lies below them (the index). Throws `WatchError` when inotify
        /// cannot be used (the per-user instance limit reached).
        public init(roots: [String], excluding excluded: [String] = []) throws(WatchError) {
            self.roots = roots.map(Crawler.absolutePath)
            self.excluded = excluded.map(Crawler.absolutePath)
            descriptor = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
            guard descriptor >= 0 else { throw .inotify(String(cString: strerror(errno))) }
            for root in self.roots { addWatches(tree: root) }
        }

        deinit { close(descriptor) }

        /// The number of folders watched.
        public var watchedFolders: Int { folders.count }

        /// Waits until something changed and nothing more changed for `quietMilliseconds` (or
        /// `latestMilliseconds` went by since the first change, so a steady stream of writes is
        /// still indexed), or until `shouldStop` is true (asked every 100 ms and whenever a
        /// signal interrupts the wait). Returns the folders to walk again, sorted, none below
        /// another; empty when stopped.
        public func nextChanges(
            quietMilliseconds: Int = 200, latestMilliseconds: Int = 1_000, shouldStop: () -> Bool
        ) -> [String] {
            var firstChange: Int?
            var lastChange = 0
            var sinceRootsLooked = 0
            let clock = { () -> Int in
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                return now.tv_sec * 1_000 + now.tv_nsec / 1_000_000
            }
            while !shouldStop() {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, 100)
                let now = clock()
                if ready > 0 && readEvents() {
                    if firstChange == nil { firstChange = now }
                    lastChange = now
                }
                sinceRootsLooked += 1
                if sinceRootsLooked >= 5 {
                    sinceRootsLooked = 0
                    lookForMissingRoots()
                    if !changed.isEmpty && firstChange == nil {
                        firstChange = now
                        lastChange = now
                    }
                }
                if let first = firstChange, !changed.isEmpty,
                    now - lastChange >= quietMilliseconds || now - first >= latestMilliseconds
                {
                    let result = foldersToWalk()
                    changed = []
                    return result
                }
            }
            return []
        }

        /// Reads the queued events into `changed`; true when any counted.
        private func readEvents() -> Bool {
            var counted = false
            let capacity = 64 * 1_024
            var buffer = [UInt8](repeating: 0, count: capacity)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, capacity) }
                guard count > 0 else { break }
                var offset = 0
                while offset + 16 <= count {
                    let (watch, mask, length) = buffer.withUnsafeBytes { bytes in
                        (
                            bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                            bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                            Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                        )
                    }
                    let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                    offset += 16 + length
                    if handle(watch: watch, mask: mask, name: String(decoding: nameBytes, as: UTF8.self)) {
                        counted = true
                    }
                }
            }
            return counted
        }

        /// Notes one event; true when it changed something to walk.
        private func handle(watch: Int32, mask: UInt32, name: String) -> Bool {
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                changed.formUnion(roots)
                for root in roots { addWatches(tree: root) }
                return true
            }
            guard let folder = folders[watch] else { return false }
            if mask & UInt32(IN_IGNORED) != 0 {
                folders[watch] = nil
                return false
            }
            if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT) != 0 {
                changed.insert(folder)
                return true
            }
            guard !name.isEmpty, !name.hasPrefix(".") else { return false }
            let path = folder == "/" ? "/" + name : folder + "/" + name
            guard !isExcluded(path) else { return false }
            if mask & UInt32(bitPattern: IN_ISDIR) != 0 && mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                addWatches(tree: path)
            }
            changed.insert(folder)
            return true
        }

        /// Marks a root that came back as changed (and watches it again).
        private func lookForMissingRoots() {
            for root in roots {
                var status = stat()
                let present = stat(root, &status) == 0
                if !present {
                    missingRoots.insert(root)
                } else if missingRoots.remove(root) != nil {
                    addWatches(tree: root)
                    changed.insert(root)
                }
            }
        }

        /// The changed folders as crawl roots: a folder that is gone becomes its nearest existing
        /// ancestor up to its root (a root stays, to be reported unreachable); none below another.
        private func foldersToWalk() -> [String] {
            var result: Set<String> = []
            for folder in changed {
                var path = folder
                while !roots.contains(path), !exists(path),
                    let slash = path.lastIndex(of: "/"), roots.contains(where: { Self.isPath(path, under: $0) })
                {
                    path = slash == path.startIndex ? "/" : String(path[..<slash])
                }
                guard roots.contains(where: { path == $0 || Self.isPath(path, under: $0) }) else { continue }
                if roots.contains(path) && !exists(path) { missingRoots.insert(path) }
                result.insert(path)
            }
            let sorted = result.sorted()
            return sorted.filter { path in !sorted.contains { $0 != path && Self.isPath(path, under: $0) } }
        }

        /// Watches `folder` and every folder below it (an existing watch of the same folder is
        /// kept and moves to its new path).
        private func addWatches(tree folder: String) {
            guard !isExcluded(folder) else { return }
            let mask =
                UInt32(
                    IN_CREATE | IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
                        | IN_DELETE_SELF | IN_MOVE_SELF) | UInt32(IN_ONLYDIR | IN_DONT_FOLLOW)
            let watch = inotify_add_watch(descriptor, folder, mask)
            guard watch >= 0 else { return }
            folders[watch] = folder
            guard let directory = opendir(folder) else { return }
            defer { closedir(directory) }
            var subfolders: [String] = []
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                    String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard !name.hasPrefix(".") else { continue }
                let path = folder == "/" ? "/" + name : folder + "/" + name
                var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    isFolder = lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
                }
                if isFolder { subfolders.append(path) }
            }
            for subfolder in subfolders { addWatches(tree: subfolder) }
        }

        private func isExcluded(_ path: String) -> Bool {
            excluded.contains { path == $0 || Self.isPath(path, under: $0) }
        }

        /// True when `path` lies strictly below `folder`.
        static func isPath(_ path: String, under folder: String) -> Bool {
            folder == "/" ? path != "/" && path.hasPrefix("/") : path.hasPrefix(folder + "/")
        }

        private func exists(_ path: String) -> Bool {
            var status = stat()
            return stat(path, &status) == 0
        }
    }

    /// Why a folder cannot be watched.
    public enum WatchError: Error, Equatable, CustomStringConvertible {
        /// inotify refused (the message of its `errno`).
        case inotify(String)

        public var description: String {
            switch self {
            case .inotify(let reason): "cannot watch folders: inotify: \(reason)"
            }
        }
    }
#endif
