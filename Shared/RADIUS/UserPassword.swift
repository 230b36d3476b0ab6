/// User-Password hiding (RFC 2865 5.2): the password, NUL-padded to a multiple of 16, XORed with
/// an MD5 chain b1 = MD5(secret | Request Authenticator), bi = MD5(secret | c(i-1)).
public enum UserPassword {
    /// Longest cleartext RFC 2865 allows.
    public static let maximumLength = 128

    /// Hides `password` (0...128 octets) for an Access-Request with `requestAuthenticator`.
    public static func hide(_ password: [UInt8], secret: [UInt8], requestAuthenticator: [UInt8])
        throws(RADIUSHiddenValueError) -> [UInt8]
    {
        guard password.count <= maximumLength else { throw .passwordTooLong(password.count) }
        guard requestAuthenticator.count == 16 else { throw .authenticatorWrongLength(requestAuthenticator.count) }
        let paddedLength = max(16, (password.count + 15) / 16 * 16)
        var out = [UInt8](repeating: 0, count: paddedLength)
        for (i, byte) in password.enumerated() { out[i] = byte }
        var start = 0
        while start < paddedLength {
            var md5 = MD5Hasher()
            md5.update(secret)
            if start == 0 { md5.update(requestAuthenticator) } else { md5.update(out[(start - 16)..<start]) }
            let pad = md5.finalize()
            for i in 0..<16 { out[start + i] ^= pad[i] }
            start += 16
        }
        return out
    }

    /// Reveals a hidden User-Password value; trailing NUL padding is removed.
    public static func unhide(_ hidden: [UInt8], secret: [UInt8], requestAuthenticator: [UInt8])
        throws(RADIUSHiddenValueError) -> [UInt8]
    {
        guard (16...maximumLength).contains(hidden.count), hidden.count % 16 == 0 else {
            throw .hiddenPasswordLengthInvalid(hidden.count)
        }
        guard requestAuthenticator.count == 16 else { throw .authenticatorWrongLength(requestAuthenticator.count) }
        var out = hidden
        var start = 0
        while start < hidden.count {
            var md5 = MD5Hasher()
            md5.update(secret)
            if start == 0 { md5.update(requestAuthenticator) } else { md5.update(hidden[(start - 16)..<start]) }
            let pad = md5.finalize()
            for i in 0..<16 { out[start + i] ^= pad[i] }
            start += 16
        }
        while out.last == 0 { out.removeLast() }
        return out
    }
}
