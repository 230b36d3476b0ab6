import Crypto

// Digests expose their bytes through Foundation's ContiguousBytes.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// HMAC (RFC 2104) with the keyed inner and outer hash states computed once per key.
///
/// The protocols here MAC many messages under one key (a RADIUS client's shared secret,
/// K_aut for a conversation, the 7 blocks of PRF'), and swift-crypto's `HMAC<H>` re-hashes
/// the padded key and goes through generic `DataProtocol` paths on every message, which
/// costs several times the hashing itself on short packets. This type keeps swift-crypto's
/// hash functions and only hoists the key schedule; everything is inlinable so callers get
/// code specialised for their hash function.
public struct PrecomputedHMAC<H: HashFunction>: Sendable {
    @usableFromInline let inner: H
    @usableFromInline let outer: H

    @inlinable
    public init(key: some Collection<UInt8>) {
        var block = [UInt8]()
        block.reserveCapacity(H.blockByteCount)
        if key.count > H.blockByteCount {
            var h = H()
            Array(key).withUnsafeBytes { h.update(bufferPointer: $0) }
            block = h.finalize().withUnsafeBytes { Array($0) }
        } else {
            block.append(contentsOf: key)
        }
        block.append(contentsOf: repeatElement(0, count: H.blockByteCount - block.count))
        var i = H()
        var o = H()
        var pad = block
        for k in pad.indices { pad[k] ^= 0x36 }
        pad.withUnsafeBytes { i.update(bufferPointer: $0) }
        pad = block
        for k in pad.indices { pad[k] ^= 0x5c }
        pad.withUnsafeBytes { o.update(bufferPointer: $0) }
        inner = i
        outer = o
    }

    /// Starts a MAC computation over pieces of a message.
    @inlinable
    public func start() -> HMACComputation<H> {
        HMACComputation(inner: inner, outer: outer)
    }

    /// The full MAC of one contiguous message.
    @inlinable
    public func authenticate(_ message: some ContiguousBytesSlice) -> [UInt8] {
        var c = start()
        c.update(message)
        return c.finalize()
    }
}

/// One MAC being computed; feed it pieces in order, then `finalize`.
public struct HMACComputation<H: HashFunction> {
    @usableFromInline var inner: H
    @usableFromInline let outer: H

    @inlinable
    init(inner: H, outer: H) {
        self.inner = inner
        self.outer = outer
    }

    @inlinable
    public mutating func update(_ bytes: some ContiguousBytesSlice) {
        bytes.withUnsafeBytes { inner.update(bufferPointer: $0) }
    }

    /// Feeds `count` zero bytes (a MAC field being computed over as zeros).
    @inlinable
    public mutating func updateZeros(_ count: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(count, 1)) { buf in
            buf.initialize(repeating: 0)
            inner.update(bufferPointer: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buf)[0..<count]))
        }
    }

    @inlinable
    public func finalize() -> [UInt8] {
        var o = outer
        inner.finalize().withUnsafeBytes { o.update(bufferPointer: $0) }
        return o.finalize().withUnsafeBytes { Array($0) }
    }
}

/// `[UInt8]` and `ArraySlice<UInt8>`: the byte containers the codecs hand to digests.
public protocol ContiguousBytesSlice {
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousBytesSlice where Element == UInt8 {}
extension ArraySlice: ContiguousBytesSlice where Element == UInt8 {}
