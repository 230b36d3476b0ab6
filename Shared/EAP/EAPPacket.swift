import WireFormat

/// One EAP packet (RFC 3748 section 4).
///
/// A value of this type always satisfies the framing rules (Request/Response have a Type,
/// Success/Failure have none, total length fits 16 bits), so `encode()` cannot fail.
public struct EAPPacket: Sendable, Hashable {
    /// Octets of Code, Identifier and Length.
    public static let headerLength = 4
    /// The Length field is 16 bits.
    public static let maximumLength = 65535

    /// Request, Response, Success or Failure.
    public let code: EAPCode
    /// Matches a Response to its Request.
    public let identifier: UInt8
    /// The method Type; nil exactly for Success and Failure.
    public let type: EAPType?
    /// Everything after the Type octet.
    public let typeData: [UInt8]

    /// Builds a packet, checking the framing rules.
    public init(code: EAPCode, identifier: UInt8, type: EAPType?, typeData: [UInt8] = []) throws(EAPEncodingError) {
        if code.carriesType {
            guard type != nil else { throw .missingType(code) }
            let length = Self.headerLength + 1 + typeData.count
            guard length <= Self.maximumLength else { throw .packetTooLarge(length: length) }
        } else {
            guard type == nil, typeData.isEmpty else { throw .unexpectedTypeOrData(code) }
        }
        self.code = code
        self.identifier = identifier
        self.type = type
        self.typeData = typeData
    }

    /// Unchecked path for callers that already validated the framing.
    private init(unchecked code: EAPCode, identifier: UInt8, type: EAPType?, typeData: [UInt8]) {
        self.code = code
        self.identifier = identifier
        self.type = type
        self.typeData = typeData
    }

    /// EAP-Success; `identifier` is that of the last Response.
    public static func success(identifier: UInt8) -> EAPPacket {
        EAPPacket(unchecked: .success, identifier: identifier, type: nil, typeData: [])
    }

    /// EAP-Failure; `identifier` is that of the last Response.
    public static func failure(identifier: UInt8) -> EAPPacket {
        EAPPacket(unchecked: .failure, identifier: identifier, type: nil, typeData: [])
    }

    /// Total encoded length (the Length field).
    public var length: Int {
        type == nil ? Self.headerLength : Self.headerLength + 1 + typeData.count
    }

    // MARK: Decoding

    /// Decodes one packet.
    ///
    /// The Length field must match the buffer exactly: a RADIUS EAP-Message or Diameter EAP-Payload
    /// carries exactly one packet, so extra octets mean corruption. Set `allowTrailingPadding` for
    /// link layers that may pad frames (RFC 3748 section 4.1 says to ignore such octets).
    public init(decoding bytes: ArraySlice<UInt8>, allowTrailingPadding: Bool = false) throws(EAPDecodingError) {
        var reader = ByteReader(bytes)
        guard let codeByte = reader.readUInt8(), let identifier = reader.readUInt8(),
            let length16 = reader.readUInt16()
        else { throw .truncatedHeader(available: bytes.count) }
        guard let code = EAPCode(rawValue: codeByte) else { throw .unknownCode(codeByte) }
        let declared = Int(length16)
        let minimum = code.carriesType ? Self.headerLength + 1 : Self.headerLength
        guard declared >= minimum else { throw .lengthTooSmall(declared: declared, minimum: minimum) }
        guard declared <= bytes.count else { throw .lengthExceedsBuffer(declared: declared, available: bytes.count) }
        if declared < bytes.count && !allowTrailingPadding {
            throw .trailingBytes(declared: declared, available: bytes.count)
        }
        guard code.carriesType else {
            guard declared == Self.headerLength else { throw .unexpectedData(code: code, length: declared) }
            self.init(unchecked: code, identifier: identifier, type: nil, typeData: [])
            return
        }
        // Bounds were checked above, so these reads succeed; the guard keeps the path trap-free.
        guard let typeByte = reader.readUInt8(), let data = reader.readBytes(declared - Self.headerLength - 1) else {
            throw .lengthExceedsBuffer(declared: declared, available: bytes.count)
        }
        self.init(unchecked: code, identifier: identifier, type: EAPType(rawValue: typeByte), typeData: Array(data))
    }

    /// Decodes one packet from an array.
    public init(decoding bytes: [UInt8], allowTrailingPadding: Bool = false) throws(EAPDecodingError) {
        try self.init(decoding: bytes[...], allowTrailingPadding: allowTrailingPadding)
    }

    // MARK: Encoding

    /// The packet's wire bytes.
    public func encode() -> [UInt8] {
        var out = [UInt8]()
        encode(into: &out)
        return out
    }

    /// Appends the packet's wire bytes to `buffer`.
    public func encode(into buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + length)
        buffer.append(code.rawValue)
        buffer.append(identifier)
        buffer.appendUInt16(UInt16(truncatingIfNeeded: length))
        if let type {
            buffer.append(type.rawValue)
            buffer.append(contentsOf: typeData)
        }
    }
}
