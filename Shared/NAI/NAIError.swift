/// Why an identity string was refused.
///
/// An unknown leading character is not an error: it yields `IdentityKind.other`, and the AAA
/// server asks for a full identity instead.
public enum NAIError: Error, Sendable, Hashable {
    /// Zero-length identity.
    case empty
    /// Longer than `NAI.maxLength` (253) octets (RFC 7542 clause 2.3).
    case tooLong(octets: Int)
    /// The bytes are not valid UTF-8.
    case invalidUTF8
    /// A character not allowed in the username part (control, space, `(),:;<>[]\"`),
    /// at this byte offset of the whole NAI.
    case invalidCharacter(offset: Int)
    /// The realm (after the last `@`, or the home realm of a decorated NAI) breaks RFC 7542 syntax.
    case malformedRealm(RealmFault)
    /// A decorated NAI (`home!user@visited`) with nothing after its last `!`.
    case emptyDecoratedUsername
    /// A permanent identity whose IMSI is not 6...15 decimal digits.
    case invalidIMSI(IMSIFault)
    /// MCC not 3 digits or MNC not 2 or 3 digits.
    case invalidPLMN
    /// MNC length other than 2 or 3.
    case invalidMNCLength(Int)
    /// A syntactically valid realm that is not of the `...mncXXX.mccYYY.3gppnetwork.org` form.
    case notThreeGPPRealm
}

/// The specific RFC 7542 realm rule that failed.
public enum RealmFault: Sendable, Hashable {
    /// Nothing after `@` (or before `!`).
    case empty
    /// Two dots in a row, or a leading/trailing dot.
    case emptyLabel
    /// A label longer than 63 octets.
    case labelTooLong
    /// A label starting or ending with `-`.
    case hyphenAtLabelEdge
    /// A character other than letters, digits, `-`, `.` or non-ASCII UTF-8.
    case invalidCharacter
    /// A single label: RFC 7542 requires at least one dot.
    case singleLabel
}

/// The specific IMSI rule that failed.
public enum IMSIFault: Sendable, Hashable {
    /// A character other than 0-9.
    case nonDigit
    /// Fewer than 6 digits.
    case tooShort
    /// More than 15 digits.
    case tooLong
}
