/// Why received bytes are not a well-formed EAP packet.
public enum EAPDecodingError: Error, Sendable, Hashable {
    /// Fewer than the 4 header octets (Code, Identifier, Length) were received.
    case truncatedHeader(available: Int)
    /// The Code octet is not 1-4.
    case unknownCode(UInt8)
    /// The Length field is below the minimum for the code (4, or 5 for Request/Response).
    case lengthTooSmall(declared: Int, minimum: Int)
    /// The Length field claims more octets than were received.
    case lengthExceedsBuffer(declared: Int, available: Int)
    /// Octets follow the Length field's end (rejected unless the caller allows link-layer padding).
    case trailingBytes(declared: Int, available: Int)
    /// A Success or Failure packet carries data after its 4-octet header.
    case unexpectedData(code: EAPCode, length: Int)
}

/// Why a packet value cannot be built (and therefore never reaches the wire).
public enum EAPEncodingError: Error, Sendable, Hashable {
    /// Request/Response without a Type.
    case missingType(EAPCode)
    /// Success/Failure given a Type or Type-Data.
    case unexpectedTypeOrData(EAPCode)
    /// The packet would exceed the 16-bit Length field.
    case packetTooLarge(length: Int)
}
