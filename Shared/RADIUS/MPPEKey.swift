/// MS-MPPE-Send-Key / MS-MPPE-Recv-Key salt encryption (RFC 2548 2.4.2, 2.4.3).
///
/// Value = Salt (2 octets, high bit set, unique per attribute in the packet) | ciphertext of
/// (key length | key | zero padding to a multiple of 16), chained as
/// b1 = MD5(secret | Request Authenticator | Salt), bi = MD5(secret | c(i-1)).
public enum MPPEKey {
    /// Longest key that still fits one Vendor-Specific attribute (2 + 240 octets of value).
    public static let maximumKeyLength = 239

    /// Encrypts `key` for the Access-Accept answering the request with `requestAuthenticator`.
    public static func encrypt(_ key: [UInt8], salt: UInt16, secret: [UInt8], requestAuthenticator: [UInt8])
        throws(RADIUSHiddenValueError) -> [UInt8]
    {
        guard salt & 0x8000 != 0 else { throw .saltHighBitNotSet(salt) }
        guard (1...maximumKeyLength).contains(key.count) else { throw .keyLengthInvalid(key.count) }
        guard requestAuthenticator.count == 16 else { throw .authenticatorWrongLength(requestAuthenticator.count) }
        let plainLength = (key.count + 1 + 15) / 16 * 16
        var out = [UInt8](repeating: 0, count: 2 + plainLength)
        out[0] = UInt8(truncatingIfNeeded: salt >> 8)
        out[1] = UInt8(truncatingIfNeeded: salt)
        out[2] = UInt8(truncatingIfNeeded: key.count)
        for (i, byte) in key.enumerated() { out[3 + i] = byte }
        var start = 2
        while start < out.count {
            var md5 = MD5Hasher()
            md5.update(secret)
            if start == 2 {
                md5.update(requestAuthenticator)
                md5.update(out[0..<2])
            } else {
                md5.update(out[(start - 16)..<start])
            }
            let pad = md5.finalize()
            for i in 0..<16 { out[start + i] ^= pad[i] }
            start += 16
        }
        return out
    }

    /// Decrypts an MS-MPPE key value, checking the salt bit, the key-length octet and that the
    /// padding is zero (a wrong secret or authenticator shows up as ``RADIUSHiddenValueError``).
    public static func decrypt(_ value: [UInt8], secret: [UInt8], requestAuthenticator: [UInt8])
        throws(RADIUSHiddenValueError) -> [UInt8]
    {
        guard value.count >= 18, (value.count - 2) % 16 == 0 else { throw .encryptedKeyLengthInvalid(value.count) }
        guard requestAuthenticator.count == 16 else { throw .authenticatorWrongLength(requestAuthenticator.count) }
        let salt = UInt16(value[0]) << 8 | UInt16(value[1])
        guard salt & 0x8000 != 0 else { throw .saltHighBitNotSet(salt) }
        var plain = [UInt8](repeating: 0, count: value.count - 2)
        var start = 2
        while start < value.count {
            var md5 = MD5Hasher()
            md5.update(secret)
            if start == 2 {
                md5.update(requestAuthenticator)
                md5.update(value[0..<2])
            } else {
                md5.update(value[(start - 16)..<start])
            }
            let pad = md5.finalize()
            for i in 0..<16 { plain[start - 2 + i] = value[start + i] ^ pad[i] }
            start += 16
        }
        let keyLength = Int(plain[0])
        // A key is never empty, and the padding is shorter than one block: the ciphertext is exactly
        // the rounded-up size.
        guard keyLength >= 1, (keyLength + 1 + 15) / 16 * 16 == plain.count else {
            throw .keyLengthFieldInvalid(declared: keyLength, ciphertext: plain.count)
        }
        var nonZero: UInt8 = 0
        for byte in plain[(keyLength + 1)...] { nonZero |= byte }
        guard nonZero == 0 else { throw .paddingInvalid }
        return Array(plain[1..<(keyLength + 1)])
    }

    /// A random salt with the high bit set that is not in `used`.
    public static func randomSalt(excluding used: Set<UInt16> = []) -> UInt16 {
        var generator = SystemRandomNumberGenerator()
        return randomSalt(excluding: used, using: &generator)
    }

    /// A salt with the high bit set that is not in `used`, from `generator`.
    public static func randomSalt(excluding used: Set<UInt16>, using generator: inout some RandomNumberGenerator) -> UInt16 {
        for _ in 0..<64 {
            let salt = UInt16.random(in: 0x8000...0xFFFF, using: &generator)
            if !used.contains(salt) { return salt }
        }
        // Only reachable when `used` covers most of the space: take the first free value.
        return (0x8000...0xFFFF).first { !used.contains($0) } ?? 0x8000
    }
}
