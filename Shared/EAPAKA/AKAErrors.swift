import EAP

/// Why an EAP packet is not a well-formed EAP-AKA / EAP-AKA' message.
public enum AKADecodingError: Error, Sendable, Hashable {
    /// The EAP framing itself is invalid.
    case eap(EAPDecodingError)
    /// Not a Request/Response of EAP Type 23 or 50 (the type seen, nil for Success/Failure).
    case notAKA(EAPType?)
    /// Type-Data shorter than Subtype + Reserved.
    case truncatedHeader
    /// Subtype not defined for EAP-AKA.
    case unknownSubtype(UInt8)
    /// 1-3 octets left where an attribute header (Type, Length) was expected.
    case truncatedAttribute(offset: Int)
    /// An attribute with Length 0 (which would loop forever).
    case zeroLengthAttribute(type: UInt8)
    /// An attribute whose Length runs past the end of the message.
    case attributeOverrun(type: UInt8, length: Int, available: Int)
    /// A known attribute whose total length (octets) is not the one its format requires.
    case invalidAttributeLength(type: UInt8, length: Int)
    /// An "actual length" field (AT_IDENTITY, AT_KDF_INPUT, ...) inconsistent with the attribute length.
    case invalidActualLength(type: UInt8, actualLength: Int)
    /// AT_RES length in bits outside 32...128.
    case invalidRESLength(bits: Int)
    /// AT_PADDING with non-zero octets.
    case nonZeroPadding
    /// AT_CHECKCODE whose length does not fit the method (0/20 for AKA, 0/32 for AKA').
    case invalidCheckcodeLength(Int)
    /// An unknown attribute in the non-skippable range 0...127.
    case unknownNonSkippableAttribute(UInt8)
    /// A second instance of an attribute that may appear once.
    case duplicateAttribute(UInt8)
}

/// Why a message or attribute cannot be encoded.
public enum AKAEncodingError: Error, Sendable, Hashable {
    /// Only Request and Response carry EAP-AKA messages.
    case invalidCode(EAPCode)
    /// A fixed-size value (RAND, AUTN, MAC, ...) of the wrong length.
    case invalidValueLength(type: UInt8, length: Int)
    /// A variable-size value too long for the 8-bit attribute Length.
    case valueTooLong(type: UInt8, length: Int)
    /// AT_RES bit length outside 32...128 or not matching the value.
    case invalidRES(bitLength: Int, valueLength: Int)
    /// AT_PADDING length not 4, 8 or 12.
    case invalidPaddingLength(Int)
    /// `.skippable` with a type below 128 or an unencodable value size.
    case invalidSkippableAttribute(type: UInt8, length: Int)
    /// A second instance of a singleton attribute.
    case duplicateAttribute(UInt8)
    /// AT_CHECKCODE length does not fit the method.
    case invalidCheckcodeLength(Int)
    /// `encode(authenticatingWith:)` needs an AT_MAC placeholder in the message.
    case missingMAC
    /// K_aut of the wrong length for the method.
    case invalidKeyLength(expected: Int, actual: Int)
    /// The message would exceed the 16-bit EAP Length.
    case packetTooLarge(length: Int)
}
