import Foundation

/// A private PostgreSQL cluster for one test run: its own data directory, port and socket
/// directory, started with Debian's server binaries (`.ci/setup` installs `postgresql`) and stopped
/// by `stop()`. initdb refuses root, so as root the cluster runs as the `postgres` user.
/// Trust authentication on 127.0.0.1 only: it is a throw-away lab cluster.
public final class PostgresTestCluster: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    public let user = "twag"
    public let host = "127.0.0.1"
    private let binaries: URL

    public enum ClusterError: Error, CustomStringConvertible {
        case serverNotInstalled
        case command(String, String)

        public var description: String {
            switch self {
            case .serverNotInstalled:
                return "no PostgreSQL server under /usr/lib/postgresql/*/bin (apt-get install postgresql; .ci/setup does)"
            case .command(let command, let output):
                return "\(command) failed: \(output)"
            }
        }
    }

    /// Initialises and starts a new cluster on a free port; with `tls`, the server also accepts TLS
    /// with a self-signed certificate for 127.0.0.1 (`tlsCertificatePath`).
    public static func start(tls: Bool = false) throws -> PostgresTestCluster {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        guard let version = versions.compactMap(Int.init).max() else { throw ClusterError.serverNotInstalled }
        let binaries = root.appendingPathComponent("\(version)/bin")
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("twag-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cluster = PostgresTestCluster(port: FreePort.tcp(), directory: directory, binaries: binaries)
        if getuid() == 0 { try cluster.run("/bin/chown", ["-R", "postgres", directory.path], asPostgres: false) }
        try cluster.run(binaries.appendingPathComponent("initdb").path,
                        ["-D", cluster.dataDirectory, "-A", "trust", "-U", cluster.user, "-E", "UTF8", "--no-sync"])
        if tls {
            let certificate = cluster.tlsCertificatePath, key = directory.appendingPathComponent("data/server.key").path
            try cluster.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                                                 "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate])
            try cluster.run("/bin/chmod", ["600", key])
            cluster.serverOptions = "-c ssl=on -c ssl_cert_file=\(certificate) -c ssl_key_file=\(key)"
        }
        try cluster.startServer()
        return cluster
    }

    /// The server's certificate (clusters started with `tls`).
    public var tlsCertificatePath: String { directory.appendingPathComponent("data/server.crt").path }
    private var serverOptions = ""

    /// Starts the server on the existing data directory (after ``stopServer()``).
    public func startServer() throws {
        try run(binaries.appendingPathComponent("pg_ctl").path, [
            "-D", dataDirectory, "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60",
            "-o", "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 \(serverOptions)",
            "start",
        ])
    }

    /// Stops the server (fast shutdown: open sessions are cut), keeping its data: an outage.
    public func stopServer() throws {
        try run(binaries.appendingPathComponent("pg_ctl").path, ["-D", dataDirectory, "-m", "fast", "-w", "stop"])
    }

    private init(port: Int, directory: URL, binaries: URL) {
        self.port = port
        self.directory = directory
        self.binaries = binaries
    }

    private var dataDirectory: String { directory.appendingPathComponent("data").path }

    /// `postgres://twag@127.0.0.1:PORT/DATABASE?sslmode=disable`.
    public func url(database: String = "postgres") -> String {
        "postgres://\(user)@\(host):\(port)/\(database)?sslmode=disable"
    }

    /// Creates an empty database (one per test keeps tests apart).
    public func createDatabase(_ name: String) throws {
        try run(binaries.appendingPathComponent("createdb").path, ["-h", host, "-p", "\(port)", "-U", user, name])
    }

    /// Stops the server (fast shutdown) and removes its files.
    public func stop() {
        _ = try? run(binaries.appendingPathComponent("pg_ctl").path, ["-D", dataDirectory, "-m", "fast", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a command to its end with posix_spawn and waitpid. Not Foundation's Process: the server
    /// that `pg_ctl start` leaves running inherited the descriptors Process watches, and the call
    /// never returned. Here stdin is /dev/null and the output goes to a file read after waitpid.
    @discardableResult
    private func run(_ executable: String, _ arguments: [String], asPostgres: Bool = true) throws -> String {
        let argv = asPostgres && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments
                                              : [executable] + arguments
        let outputPath = directory.appendingPathComponent("command-\(UUID().uuidString.prefix(8)).out").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw ClusterError.command(argv.joined(separator: " "), "posix_spawn: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: outputPath)
        // WIFEXITED && WEXITSTATUS == 0
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw ClusterError.command(argv.joined(separator: " "), output)
        }
        return output
    }
}
