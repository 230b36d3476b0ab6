import Foundation

/// Runs the lab stack's processes: starts them in order, prefixes their log lines with the
/// service name, restarts one that dies (per `SupervisorPolicy`), stops all on `shutdown()`.
/// For a lab host only: production runs each service under systemd or compose.
public final class Supervisor: @unchecked Sendable {
    public struct ChildSpec: Sendable {
        public let name: String
        public let executable: String
        public let arguments: [String]
        public let environment: [String: String]

        public init(name: String, executable: String, arguments: [String], environment: [String: String]) {
            self.name = name
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
        }
    }

    private let lock = NSLock()
    private let policy: SupervisorPolicy
    private let start = Date()
    private var specs: [String: ChildSpec] = [:]
    private var states: [String: ChildState] = [:]
    private var processes: [String: Process] = [:]
    private var shuttingDown = false
    private let output: @Sendable (String) -> Void

    public init(policy: SupervisorPolicy = SupervisorPolicy(), output: @escaping @Sendable (String) -> Void) {
        self.policy = policy
        self.output = output
    }

    private var now: Double { Date().timeIntervalSince(start) }

    /// Starts a child and keeps it running.
    public func launch(_ spec: ChildSpec) throws {
        lock.lock()
        specs[spec.name] = spec
        states[spec.name] = ChildState(name: spec.name, policy: policy)
        lock.unlock()
        try spawn(spec.name)
    }

    private func spawn(_ name: String) throws {
        lock.lock()
        guard !shuttingDown, let spec = specs[name] else {
            lock.unlock()
            return
        }
        lock.unlock()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: spec.executable)
        p.arguments = spec.arguments
        p.environment = AllocatorTuning.applied(to: ProcessInfo.processInfo.environment.merging(spec.environment) { $1 })
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        let prefix = "[\(name)] "
        let output = self.output
        let buffer = LineBuffer()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            for line in buffer.append(data) { output(prefix + line) }
        }
        p.terminationHandler = { [weak self] proc in
            self?.childExited(name, status: proc.terminationStatus)
        }
        try p.run()
        output("[twag] started \(name) (pid \(p.processIdentifier))")
        lock.lock()
        processes[name] = p
        states[name]?.started(at: now)
        lock.unlock()
    }

    private func childExited(_ name: String, status: Int32) {
        lock.lock()
        let down = shuttingDown
        let restartAt = states[name]?.exited(at: now, shuttingDown: down, policy: policy)
        let state = states[name]
        lock.unlock()
        if down { return }
        if let restartAt {
            let delay = max(0, restartAt - now)
            output("[twag] \(name) exited with status \(status); restarting in \(String(format: "%.1f", delay)) s")
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [weak self] in
                do { try self?.spawn(name) } catch { self?.output("[twag] could not restart \(name): \(error)") }
            }
        } else if state?.phase == .gaveUp {
            output("[twag] \(name) keeps crashing (\(policy.crashLoopRestarts) restarts in \(Int(policy.crashLoopWindow)) s); not restarting it")
        }
    }

    /// SIGTERM to every child (reverse start order is not needed: they reconnect), SIGKILL after `grace`.
    public func shutdown(grace: TimeInterval = 10) {
        lock.lock()
        shuttingDown = true
        let running = processes.values.filter(\.isRunning)
        lock.unlock()
        for p in running { p.terminate() }
        let deadline = Date().addingTimeInterval(grace)
        while running.contains(where: \.isRunning), Date() < deadline { usleep(50_000) }
        for p in running where p.isRunning { kill(p.processIdentifier, SIGKILL) }
    }
}

/// Splits a byte stream into lines.
final class LineBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = Data()

    func append(_ data: Data) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        pending.append(data)
        var lines = [String]()
        while let nl = pending.firstIndex(of: 0x0A) {
            lines.append(String(decoding: pending[pending.startIndex..<nl], as: UTF8.self))
            pending.removeSubrange(pending.startIndex...nl)
        }
        return lines
    }
}
