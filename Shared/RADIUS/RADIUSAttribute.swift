import WireFormat

/// One Type-Length-Value attribute, kept as raw octets.
///
/// Values stay undecoded so unknown and vendor attributes survive a decode/encode round trip
/// unchanged; typed views live on ``RADIUSPacket`` and in the initialisers below.
public struct RADIUSAttribute: Sendable, Hashable {
    /// The Type octet. Use ``knownType`` to match against ``RADIUSAttributeType``.
    public var type: UInt8
    /// The value octets (1...253 on the wire; the encoder checks). A decoded attribute's octets
    /// are a view into the received datagram, so decoding allocates nothing per attribute
    /// (an array each showed in profiles: an allocation and a release per attribute per request).
    /// Indices are the datagram's, not zero-based.
    public var octets: ArraySlice<UInt8>

    /// The value octets as an array of their own (copied from ``octets``).
    public var value: [UInt8] {
        get { Array(octets) }
        set { octets = newValue[...] }
    }

    public init(type: UInt8, value: [UInt8]) {
        self.type = type
        self.octets = value[...]
    }

    /// An attribute whose value is a view into a larger buffer (the decoder's).
    public init(type: UInt8, octets: ArraySlice<UInt8>) {
        self.type = type
        self.octets = octets
    }

    public init(_ type: RADIUSAttributeType, value: [UInt8]) {
        self.init(type: type.rawValue, value: value)
    }

    /// A text attribute (UTF-8, no terminating NUL).
    public init(_ type: RADIUSAttributeType, string: String) {
        self.init(type: type.rawValue, value: Array(string.utf8))
    }

    /// An `integer` (or `date`) attribute: 4 octets, big-endian.
    public init(_ type: RADIUSAttributeType, uint32: UInt32) {
        var value = [UInt8]()
        value.reserveCapacity(4)
        value.appendUInt32(uint32)
        self.init(type: type.rawValue, value: value)
    }

    /// An `ipaddr` attribute.
    public init(_ type: RADIUSAttributeType, ipv4: IPv4Address) {
        self.init(type, uint32: ipv4.rawValue)
    }

    /// An `ipv6addr` attribute.
    public init(_ type: RADIUSAttributeType, ipv6: IPv6Address) {
        self.init(type: type.rawValue, value: ipv6.octets)
    }

    /// The standard type, or nil for types this library does not name.
    public var knownType: RADIUSAttributeType? { RADIUSAttributeType(rawValue: type) }

    /// The value as a big-endian 32-bit integer, or nil when it is not exactly 4 octets.
    public var uint32Value: UInt32? {
        guard octets.count == 4 else { return nil }
        var reader = ByteReader(octets)
        return reader.readUInt32()
    }

    /// The value as text. Invalid UTF-8 is replaced (U+FFFD) rather than rejected, because
    /// NASes send Latin-1 SSIDs and identities; use ``value`` when the exact octets matter.
    public var stringValue: String { String(decoding: octets, as: UTF8.self) }
}
