/// Why a received buffer is not a well-formed RADIUS packet.
///
/// Each case names the fault so a server can count and log discards precisely; every
/// input ends either in a ``RADIUSPacket`` or in one of these.
public enum RADIUSDecodingError: Error, Sendable, Hashable {
    /// Fewer than the 20 header octets were received.
    case packetTooShort(Int)
    /// The Code octet is not an assigned RADIUS code.
    case unknownCode(UInt8)
    /// The Length field is outside 20...4096.
    case lengthFieldInvalid(UInt16)
    /// The Length field claims more octets than were received.
    case lengthFieldMismatch(declared: Int, actual: Int)
    /// A single octet is left where an attribute header (2 octets) should start.
    case attributeHeaderTruncated(offset: Int)
    /// An attribute Length below 3 (empty attributes are not allowed).
    case attributeLengthInvalid(type: UInt8, length: Int)
    /// An attribute runs past the end of the packet, so the attributes do not fill it exactly.
    case attributeOverflowsPacket(type: UInt8, length: Int, remaining: Int)
    /// A Message-Authenticator attribute whose Length is not 18.
    case messageAuthenticatorWrongLength(Int)
    /// More than one Message-Authenticator attribute.
    case duplicateMessageAuthenticator
}

/// Why a ``RADIUSPacket`` cannot be put on the wire.
public enum RADIUSEncodingError: Error, Sendable, Hashable {
    /// The Authenticator (or a supplied request authenticator) is not 16 octets.
    case authenticatorWrongLength(Int)
    /// An attribute value is empty or longer than 253 octets.
    case attributeValueLengthInvalid(type: UInt8, length: Int)
    /// A Message-Authenticator value that is not 16 octets.
    case messageAuthenticatorWrongLength(Int)
    /// More than one Message-Authenticator attribute.
    case duplicateMessageAuthenticator
    /// The encoded packet would exceed 4096 octets.
    case packetTooLong(Int)
    /// `encodeRequest` was called on a reply code, or `encodeResponse` on a request code.
    case wrongDirection(RADIUSCode)
}

/// Why a packet failed authentication with the shared secret. Servers silently discard such packets.
public enum RADIUSAuthenticationError: Error, Sendable, Hashable {
    /// The supplied request authenticator is not 16 octets.
    case authenticatorWrongLength(Int)
    /// A reply's Response Authenticator does not match.
    case responseAuthenticatorMismatch
    /// An Accounting/Disconnect/CoA-Request authenticator does not match.
    case requestAuthenticatorMismatch
    /// Message-Authenticator is required here (EAP-Message present, Status-Server, or policy) but absent.
    case messageAuthenticatorMissing
    /// The Message-Authenticator HMAC-MD5 does not match.
    case messageAuthenticatorMismatch
    /// A request was expected and a reply code arrived, or the reverse.
    case wrongDirection(RADIUSCode)
}

/// Why a hidden value (User-Password, MS-MPPE key) cannot be hidden or revealed.
public enum RADIUSHiddenValueError: Error, Sendable, Hashable {
    /// User-Password cleartext longer than 128 octets.
    case passwordTooLong(Int)
    /// A hidden User-Password that is not 16...128 octets in multiples of 16.
    case hiddenPasswordLengthInvalid(Int)
    /// The request authenticator is not 16 octets.
    case authenticatorWrongLength(Int)
    /// An MS-MPPE salt without its most significant bit set (RFC 2548 2.4.2).
    case saltHighBitNotSet(UInt16)
    /// The same salt is already used by another MS-MPPE key attribute in the packet.
    case saltNotUnique(UInt16)
    /// An MS-MPPE key that is empty or too long to fit in one attribute.
    case keyLengthInvalid(Int)
    /// An encrypted MS-MPPE value that is not a 2-octet salt plus a non-empty multiple of 16 octets.
    case encryptedKeyLengthInvalid(Int)
    /// The decrypted key-length octet does not match the ciphertext size.
    case keyLengthFieldInvalid(declared: Int, ciphertext: Int)
    /// Non-zero octets in the padding after the key (wrong secret or authenticator, or tampering).
    case paddingInvalid
}

/// Why a Vendor-Specific attribute value cannot be parsed or built.
public enum RADIUSVendorSpecificError: Error, Sendable, Hashable {
    /// Fewer than the 4 Vendor-Id octets plus one sub-attribute header.
    case valueTooShort(Int)
    /// The high octet of Vendor-Id is not zero (RFC 2865 5.26).
    case vendorIDInvalid(UInt32)
    /// A sub-attribute Length below 3 (or, when building, a value that is empty or too long).
    case subAttributeLengthInvalid(vendorID: UInt32, type: UInt8, length: Int)
    /// A sub-attribute runs past the end of the Vendor-Specific value, or one octet is left over.
    case subAttributeOverflows(vendorID: UInt32, type: UInt8, length: Int, remaining: Int)
    /// The encoded sub-attributes would not fit in one attribute (253 value octets).
    case valueTooLong(Int)
}
