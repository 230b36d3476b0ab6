import WireFormat

/// Writes classic libpcap files (Ethernet link type) holding IPv4/UDP datagrams and IPv4/TCP
/// conversations, so tests can hand the bytes our encoders produce to tshark, an independent decoder.
public struct PcapWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var clock: UInt32 = 1_700_000_000
    private var micros: UInt32 = 0
    private var ipID: UInt16 = 1

    public init() {
        // Global header, written little-endian as most capture tools do (magic a1b2c3d4).
        appendLE32(0xa1b2_c3d4)
        appendLE16(2)
        appendLE16(4)
        appendLE32(0)  // thiszone
        appendLE32(0)  // sigfigs
        appendLE32(262_144)  // snaplen
        appendLE32(1)  // LINKTYPE_ETHERNET
    }

    /// One UDP datagram from `src` to `dst` (dotted IPv4, port).
    public mutating func udp(from src: Endpoint, to dst: Endpoint, payload: [UInt8]) {
        var udp = [UInt8]()
        udp.appendUInt16(src.port)
        udp.appendUInt16(dst.port)
        udp.appendUInt16(UInt16(8 + payload.count))
        udp.appendUInt16(0)  // checksum filled below
        udp += payload
        let sum = transportChecksum(src: src, dst: dst, protocolNumber: 17, segment: udp)
        udp.setUInt16(sum == 0 ? 0xffff : sum, at: 6)
        frame(ip(src: src, dst: dst, protocolNumber: 17, payload: udp))
    }

    /// A TCP segment; `TCPConversation` keeps the sequence numbers right.
    mutating func tcp(
        from src: Endpoint, to dst: Endpoint, seq: UInt32, ack: UInt32, flags: UInt8, payload: [UInt8]
    ) {
        var tcp = [UInt8]()
        tcp.appendUInt16(src.port)
        tcp.appendUInt16(dst.port)
        tcp.appendUInt32(seq)
        tcp.appendUInt32(ack)
        tcp.append(0x50)  // data offset 5 words
        tcp.append(flags)
        tcp.appendUInt16(65535)  // window
        tcp.appendUInt16(0)  // checksum
        tcp.appendUInt16(0)  // urgent
        tcp += payload
        let sum = transportChecksum(src: src, dst: dst, protocolNumber: 6, segment: tcp)
        tcp.setUInt16(sum, at: 16)
        frame(ip(src: src, dst: dst, protocolNumber: 6, payload: tcp))
    }

    private mutating func ip(src: Endpoint, dst: Endpoint, protocolNumber: UInt8, payload: [UInt8]) -> [UInt8] {
        var h = [UInt8]()
        h.append(0x45)
        h.append(0)
        h.appendUInt16(UInt16(20 + payload.count))
        h.appendUInt16(ipID)
        ipID &+= 1
        h.appendUInt16(0x4000)  // don't fragment
        h.append(64)
        h.append(protocolNumber)
        h.appendUInt16(0)
        h += src.address
        h += dst.address
        h.setUInt16(internetChecksum(h), at: 10)
        return h + payload
    }

    private mutating func frame(_ ipPacket: [UInt8]) {
        var eth: [UInt8] = [0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01]
        eth.appendUInt16(0x0800)
        eth += ipPacket
        micros += 1000
        appendLE32(clock)
        appendLE32(micros)
        appendLE32(UInt32(eth.count))
        appendLE32(UInt32(eth.count))
        bytes += eth
    }

    private func transportChecksum(src: Endpoint, dst: Endpoint, protocolNumber: UInt8, segment: [UInt8]) -> UInt16 {
        var pseudo = src.address + dst.address
        pseudo.append(0)
        pseudo.append(protocolNumber)
        pseudo.appendUInt16(UInt16(segment.count))
        return internetChecksum(pseudo + segment)
    }

    private mutating func appendLE16(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    private mutating func appendLE32(_ v: UInt32) {
        appendLE16(UInt16(truncatingIfNeeded: v))
        appendLE16(UInt16(truncatingIfNeeded: v >> 16))
    }
}

/// An IPv4 address and port for synthetic captures.
public struct Endpoint: Sendable {
    public let address: [UInt8]
    public let port: UInt16

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, port: UInt16) {
        self.address = [a, b, c, d]
        self.port = port
    }
}

/// A TCP connection in a capture: handshake, data both ways with correct sequence numbers, FIN.
/// Each `send` is one segment, so a test can put one Diameter message per segment or several.
public struct TCPConversation: Sendable {
    public let client: Endpoint
    public let server: Endpoint
    private var clientSeq: UInt32 = 1000
    private var serverSeq: UInt32 = 5000

    public init(client: Endpoint, server: Endpoint, in pcap: inout PcapWriter) {
        self.client = client
        self.server = server
        pcap.tcp(from: client, to: server, seq: clientSeq, ack: 0, flags: 0x02, payload: [])  // SYN
        pcap.tcp(from: server, to: client, seq: serverSeq, ack: clientSeq + 1, flags: 0x12, payload: [])  // SYN-ACK
        clientSeq += 1
        serverSeq += 1
        pcap.tcp(from: client, to: server, seq: clientSeq, ack: serverSeq, flags: 0x10, payload: [])  // ACK
    }

    public mutating func clientSends(_ payload: [UInt8], in pcap: inout PcapWriter) {
        pcap.tcp(from: client, to: server, seq: clientSeq, ack: serverSeq, flags: 0x18, payload: payload)
        clientSeq &+= UInt32(payload.count)
    }

    public mutating func serverSends(_ payload: [UInt8], in pcap: inout PcapWriter) {
        pcap.tcp(from: server, to: client, seq: serverSeq, ack: clientSeq, flags: 0x18, payload: payload)
        serverSeq &+= UInt32(payload.count)
    }
}

/// RFC 1071 ones'-complement checksum.
func internetChecksum(_ data: [UInt8]) -> UInt16 {
    var sum: UInt32 = 0
    var i = 0
    while i + 1 < data.count {
        sum += UInt32(data[i]) << 8 | UInt32(data[i + 1])
        i += 2
    }
    if i < data.count { sum += UInt32(data[i]) << 8 }
    while sum >> 16 != 0 { sum = (sum & 0xffff) + (sum >> 16) }
    return ~UInt16(truncatingIfNeeded: sum)
}
