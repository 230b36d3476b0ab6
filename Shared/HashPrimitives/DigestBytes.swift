import Crypto

// Digests expose their bytes through Foundation's ContiguousBytes.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension HashFunction {
    /// Feeds contiguous bytes.
    @inlinable
    public mutating func update(bytes: some ContiguousBytesSlice) {
        bytes.withUnsafeBytes { update(bufferPointer: $0) }
    }

    /// The digest as an array.
    @inlinable
    public func finalizeBytes() -> [UInt8] {
        finalize().withUnsafeBytes { Array($0) }
    }
}
