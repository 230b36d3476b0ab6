/// Compares secrets (MACs, RES, authenticators) without an early exit, so timing
/// does not reveal how many leading bytes matched. Lengths are not secret.
/// Inlinable so each caller gets a specialised loop (a generic call here costs more than the compare).
@inlinable
public func constantTimeEquals<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
where A.Element == UInt8, B.Element == UInt8 {
    guard a.count == b.count else { return false }
    var diff: UInt8 = 0
    var i = a.startIndex
    var j = b.startIndex
    while i != a.endIndex {
        diff |= a[i] ^ b[j]
        a.formIndex(after: &i)
        b.formIndex(after: &j)
    }
    return diff == 0
}

/// XOR of two equal-length byte strings (AK masking, password hiding, MPPE salting).
@inlinable
public func xorBytes<A: Collection, B: Collection>(_ a: A, _ b: B) -> [UInt8]
where A.Element == UInt8, B.Element == UInt8 {
    precondition(a.count == b.count, "xorBytes needs equal lengths")
    return zip(a, b).map { $0 ^ $1 }
}
