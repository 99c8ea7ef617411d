#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The signal that asked a long command to stop (0 while none did); written only by the handler.
nonisolated(unsafe) private var receivedStopSignal: sig_atomic_t = 0

/// SIGINT (Ctrl-C) and SIGTERM ask a long command (`index`, `watch`) to stop at its next batch
/// boundary, so the index stays consistent; a second signal ends the process at once (the
/// batch protocol makes even that safe, see `IndexBatch`).
enum StopSignals {
    /// Installs the handlers (and unblocks the signals, which a parent may have blocked).
    static func install() {
        var set = sigset_t()
        sigemptyset(&set)
        for number in [SIGINT, SIGTERM] {
            signal(number) { received in
                receivedStopSignal = received
                signal(received, SIG_DFL)
            }
            sigaddset(&set, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The signal received, or 0.
    static var received: Int32 { Int32(receivedStopSignal) }

    /// True once a stop was asked for.
    static var requested: Bool { received != 0 }

    /// The signal's name, for messages.
    static var name: String { received == SIGTERM ? "SIGTERM" : "SIGINT" }

    /// The exit status of a command stopped by the signal: 128 + its number, as a shell reports it.
    static var exitCode: Int32 { 128 + received }
}
