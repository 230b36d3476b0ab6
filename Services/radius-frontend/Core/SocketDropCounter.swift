/// Datagrams the kernel dropped on the RADIUS sockets before the frontend read them (receive
/// buffer full), from the `drops` column of `/proc/net/udp` and `/proc/net/udp6`. Those never reach
/// `radius_dropped_total`; the AP just sees no answer and retransmits, so they are counted apart
/// (`radius_socket_receive_drops_total`): the sign to raise `radius.socket_receive_buffer_bytes`
/// or net.core.rmem_max, or to add frontends.
public struct SocketDropCounter: Sendable {
    /// Total drops of the sockets bound to local `port`, over every line of `table` (the text of
    /// /proc/net/udp or udp6). Lines that do not parse are skipped: the file is the kernel's, but a
    /// format change must not stop the frontend.
    public static func drops(in table: String, localPort port: Int) -> Int {
        var total = 0
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
            guard fields.count >= 13, let colon = fields[1].lastIndex(of: ":"),
                  let local = Int(fields[1][fields[1].index(after: colon)...], radix: 16), local == port,
                  let drops = Int(fields[fields.count - 1]) else { continue }
            total += drops
        }
        return total
    }

    private var last: [Int: Int] = [:]

    public init() {}

    /// Drops since the previous call for `port` (0 the first time: the baseline), from the
    /// current tables. A total that went down (socket re-created) counts from the new value.
    public mutating func newDrops(port: Int, tables: [String]) -> Int {
        let total = tables.reduce(0) { $0 + Self.drops(in: $1, localPort: port) }
        defer { last[port] = total }
        guard let previous = last[port] else { return 0 }
        return total >= previous ? total - previous : total
    }
}
