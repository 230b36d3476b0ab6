import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The event loops of a service process, which also run its Swift tasks and actors.
///
/// By default a task started from a channel handler runs on Swift's cooperative pool and every
/// write goes back to the event loop: two thread hand-offs per hop, each waking an idle thread.
/// With NIO's singleton group installed as the global executor, a task started on an event loop
/// stays on it, so a request is served on the thread that read it (issue #10's profiles: those
/// hand-offs were most of a lone request's time inside the TWAG).
///
/// Blocking work must therefore stay off tasks: the session writer has its own thread, GRDB's
/// asynchronous calls run on its own queues, other file reads go through `NIOThreadPool`.
public enum ServiceEventLoops {
    /// Installs the takeover once, from the process's main entry, and returns the group every
    /// channel of the process should use. `threads` is used only by the first call. The group lives
    /// as long as the process: it cannot be shut down.
    public static func shared(threads: Int) -> any EventLoopGroup {
        installation.withLockedValue { installed in
            if !installed {
                NIOSingletons.groupLoopCountSuggestion = max(1, threads)
                _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
                installed = true
            }
        }
        return MultiThreadedEventLoopGroup.singleton
    }

    private static let installation = NIOLockedValueBox(false)
}
