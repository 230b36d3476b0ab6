import WireFormat
import Crypto
import CryptoExtras

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why AT_ENCR_DATA cannot be produced or opened.
public enum AKAEncryptedDataError: Error, Sendable, Hashable {
    /// K_encr must be 16 octets (AES-128).
    case invalidKeyLength(Int)
    /// AT_IV must be 16 octets.
    case invalidIVLength(Int)
    /// Ciphertext empty or not a multiple of the 16-octet block.
    case invalidCiphertextLength(Int)
    /// The nested attributes cannot be encoded.
    case encoding(AKAEncodingError)
    /// The decrypted plaintext is not a valid attribute list (wrong key or IV, or a forged packet).
    case invalidPlaintext(AKADecodingError)
    /// AT_PADDING is not the last nested attribute.
    case paddingNotLast
    /// The AES implementation reported a failure.
    case cipherFailure
}

/// AT_ENCR_DATA (RFC 4187 section 10.12): nested attributes padded with AT_PADDING to a multiple
/// of 16 octets, encrypted with AES-128-CBC under K_encr and the IV carried in AT_IV.
public enum AKAEncryptedData {
    /// The padded plaintext: the encoded attributes followed by AT_PADDING (4, 8 or 12 octets)
    /// when they are not already block-aligned.
    public static func plaintext(for attributes: [AKAAttribute]) throws(AKAEncryptedDataError) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(attributes.count * 24 + 16)
        do {
            try AKAAttributeCodec.encode(attributes, into: &out)
            let remainder = out.count % 16
            if remainder != 0 {
                try AKAAttributeCodec.encode(.padding(length: 16 - remainder), into: &out)
            }
        } catch {
            throw .encoding(error)
        }
        return out
    }

    /// Encrypts `attributes` (AT_PADDING is added as needed); the result is the AT_ENCR_DATA value.
    public static func encrypt(_ attributes: [AKAAttribute], kEncr: [UInt8], iv: [UInt8]) throws(AKAEncryptedDataError)
        -> [UInt8]
    {
        let key = try checkedKey(kEncr)
        let cbcIV = try checkedIV(iv)
        let plain = try plaintext(for: attributes)
        guard plain.count <= AKAAttributeCodec.maximumVariableValueLength else {
            throw .encoding(.valueTooLong(type: AKAAttributeType.encrData, length: plain.count))
        }
        do {
            return [UInt8](try AES._CBC.encrypt(plain, using: key, iv: cbcIV, noPadding: true))
        } catch {
            throw .cipherFailure
        }
    }

    /// Decrypts an AT_ENCR_DATA value and parses the nested attributes. A trailing AT_PADDING is
    /// checked (zero octets, last position) and removed from the result.
    public static func decrypt(_ ciphertext: [UInt8], kEncr: [UInt8], iv: [UInt8]) throws(AKAEncryptedDataError)
        -> [AKAAttribute]
    {
        let key = try checkedKey(kEncr)
        let cbcIV = try checkedIV(iv)
        guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else {
            throw .invalidCiphertextLength(ciphertext.count)
        }
        let plain: [UInt8]
        do {
            plain = [UInt8](try AES._CBC.decrypt(ciphertext, using: key, iv: cbcIV, noPadding: true))
        } catch {
            throw .cipherFailure
        }
        var attributes: [AKAAttribute]
        do {
            attributes = try AKAAttributeCodec.decode(plain[...])
        } catch {
            throw .invalidPlaintext(error)
        }
        if let index = attributes.firstIndex(where: { if case .padding = $0 { return true } else { return false } }) {
            guard index == attributes.count - 1 else { throw .paddingNotLast }
            attributes.removeLast()
        }
        return attributes
    }

    /// A fresh random IV for AT_IV (system CSPRNG).
    public static func randomIV() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        var iv = [UInt8]()
        iv.reserveCapacity(16)
        for _ in 0..<2 {
            iv.appendUInt64(rng.next())
        }
        return iv
    }

    private static func checkedKey(_ kEncr: [UInt8]) throws(AKAEncryptedDataError) -> SymmetricKey {
        guard kEncr.count == 16 else { throw .invalidKeyLength(kEncr.count) }
        return SymmetricKey(data: kEncr)
    }

    private static func checkedIV(_ iv: [UInt8]) throws(AKAEncryptedDataError) -> AES._CBC.IV {
        guard iv.count == 16 else { throw .invalidIVLength(iv.count) }
        do {
            return try AES._CBC.IV(ivBytes: iv)
        } catch {
            throw .invalidIVLength(iv.count)
        }
    }
}
