/// EAP-Request/Identity and EAP-Response/Identity (RFC 3748 section 5.1).
extension EAPPacket {
    /// A Request/Identity; `prompt` is an optional displayable message (usually empty).
    public static func identityRequest(identifier: UInt8, prompt: [UInt8] = []) throws(EAPEncodingError) -> EAPPacket {
        try EAPPacket(code: .request, identifier: identifier, type: .identity, typeData: prompt)
    }

    /// A Response/Identity carrying `identity` (not NUL-terminated, per RFC 3748).
    public static func identityResponse(identifier: UInt8, identity: String) throws(EAPEncodingError) -> EAPPacket {
        try EAPPacket(code: .response, identifier: identifier, type: .identity, typeData: Array(identity.utf8))
    }

    /// The raw identity octets of a Response/Identity, else nil.
    ///
    /// Key derivation (EAP-AKA MK, EAP-AKA' PRF') must use these exact octets.
    public var responseIdentityBytes: [UInt8]? {
        guard code == .response, type == .identity else { return nil }
        return typeData
    }

    /// The identity of a Response/Identity as a string; nil if this is not one or it is not valid UTF-8.
    public var responseIdentity: String? {
        guard let bytes = responseIdentityBytes else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid sequences; a repaired string would name a different identity.
        guard text.utf8.elementsEqual(bytes) else { return nil }
        return text
    }
}
