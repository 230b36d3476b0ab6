import Crypto
import HashPrimitives

// Incremental MD5 and HMAC-MD5 over array slices. RADIUS hashes packets in pieces
// (header, substituted authenticator, attributes, secret) so nothing is copied.

struct MD5Hasher {
    private var hasher = Insecure.MD5()

    @inline(__always)
    mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    @inline(__always)
    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    func finalize() -> [UInt8] {
        hasher.finalizeBytes()
    }
}

struct HMACMD5 {
    private var hmac: HMACComputation<Insecure.MD5>

    init(secret: [UInt8]) {
        hmac = PrecomputedHMAC<Insecure.MD5>(key: secret).start()
    }

    @inline(__always)
    mutating func update(_ bytes: ArraySlice<UInt8>) {
        hmac.update(bytes)
    }

    @inline(__always)
    mutating func update(_ bytes: [UInt8]) {
        hmac.update(bytes)
    }

    func finalize() -> [UInt8] {
        hmac.finalize()
    }
}

/// Sixteen zero octets: the Authenticator placeholder of Accounting/CoA/Disconnect requests
/// and the Message-Authenticator placeholder.
let zeroAuthenticator = [UInt8](repeating: 0, count: 16)
