/// RFC 7542 realm syntax and comparison.
public enum Realm {
    /// Longest DNS label.
    public static let maxLabelLength = 63

    /// Checks RFC 7542 clause 2.2 `utf8-realm`: at least two dot-separated labels of letters,
    /// digits and non-ASCII UTF-8, with `-` allowed inside a label but not at its edges.
    public static func validate(_ realm: some StringProtocol) throws(NAIError) {
        try validateBytes(realm.utf8)
    }

    static func validateBytes(_ realm: some Collection<UInt8>) throws(NAIError) {
        var labels = 0
        var labelLength = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for c in realm {
            if c == UInt8(ascii: ".") {
                guard labelLength > 0 else { throw .malformedRealm(.emptyLabel) }
                guard previous != UInt8(ascii: "-") else { throw .malformedRealm(.hyphenAtLabelEdge) }
                labels += 1
                labelLength = 0
            } else {
                guard isRealmCharacter(c) else { throw .malformedRealm(.invalidCharacter) }
                if c == UInt8(ascii: "-"), labelLength == 0 { throw .malformedRealm(.hyphenAtLabelEdge) }
                labelLength += 1
                guard labelLength <= maxLabelLength else { throw .malformedRealm(.labelTooLong) }
            }
            previous = c
        }
        guard labels > 0 || labelLength > 0 else { throw .malformedRealm(.empty) }
        guard labelLength > 0 else { throw .malformedRealm(.emptyLabel) }
        guard previous != UInt8(ascii: "-") else { throw .malformedRealm(.hyphenAtLabelEdge) }
        guard labels > 0 else { throw .malformedRealm(.singleLabel) }
    }

    /// Realms are DNS names: equal when equal ignoring ASCII case (non-ASCII bytes compare exactly).
    public static func equal(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
        a.utf8.elementsEqual(b.utf8) { asciiLower($0) == asciiLower($1) }
    }

    /// ASCII-lower-cased copy (non-ASCII untouched), the canonical form for lookups.
    public static func canonical(_ realm: some StringProtocol) -> String {
        String(decoding: realm.utf8.map(asciiLower), as: UTF8.self)
    }

    private static func isRealmCharacter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            return true
        default:
            return c >= 0x80
        }
    }
}

@inline(__always)
func asciiLower(_ c: UInt8) -> UInt8 {
    (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) ? c | 0x20 : c
}

/// A realm of the 3GPP form `<prefix>.mnc<MNC>.mcc<MCC>.3gppnetwork.org` (TS 23.003 clauses 14, 19).
public struct ThreeGPPRealm: Sendable, Hashable, CustomStringConvertible {
    /// The labels before `mnc...`, which say what the realm is for.
    public enum Form: Sendable, Hashable {
        /// `wlan.`: I-WLAN / WLAN direct IP access root NAIs (clause 14).
        case wlan
        /// `nai.epc.`: EPC access over non-3GPP networks (clause 19.3).
        case epcNAI
        /// `epc.`: the home network domain / HSS Diameter realm (clause 19.2).
        case epc
        /// Any other prefix (lower-cased, may be empty), e.g. `ims` or `epdg.epc`.
        case other(String)

        var prefix: String {
            switch self {
            case .wlan: return "wlan"
            case .epcNAI: return "nai.epc"
            case .epc: return "epc"
            case .other(let p): return p
            }
        }
    }

    /// What the realm is for.
    public let form: Form
    /// MCC and the 3-digit label form of the MNC when parsed; as given when built.
    public let plmn: PLMN

    /// Builds a realm for `plmn` (use `name` for the text).
    public init(form: Form, plmn: PLMN) {
        self.form = form
        self.plmn = plmn
    }

    /// Recognises a 3GPP realm, case-insensitively. Throws `.malformedRealm` for bad syntax
    /// and `.notThreeGPPRealm` for a valid realm of another shape (including a wrong-width
    /// `mnc`/`mcc` label).
    public init(parsing realm: some StringProtocol) throws(NAIError) {
        try Realm.validate(realm)
        // Work on lower-cased bytes: ".mncXXX.mccYYY.3gppnetwork.org" is pure ASCII.
        let lower = realm.utf8.map(asciiLower)
        let suffix = Array(".3gppnetwork.org".utf8)
        let tailLength = 7 + 7 + suffix.count  // ".mncXXX" + ".mccYYY" + suffix
        guard lower.count >= tailLength - 1, lower.suffix(suffix.count).elementsEqual(suffix) else {
            throw .notThreeGPPRealm
        }
        // Either "mncXXX.mccYYY.3gppnetwork.org" (no prefix) or "<prefix>.mncXXX.mccYYY.3gppnetwork.org".
        let hasPrefix = lower.count > tailLength - 1
        let tailStart = hasPrefix ? lower.count - tailLength + 1 : 0
        if hasPrefix {
            guard lower.count > tailLength, lower[tailStart - 1] == UInt8(ascii: ".") else { throw .notThreeGPPRealm }
        }
        let mncLabel = lower[tailStart..<(tailStart + 6)]
        let mccLabel = lower[(tailStart + 7)..<(tailStart + 13)]
        guard mncLabel.starts(with: "mnc".utf8), mccLabel.starts(with: "mcc".utf8),
            lower[tailStart + 6] == UInt8(ascii: ".")
        else { throw .notThreeGPPRealm }
        let plmn: PLMN
        do {
            plmn = try PLMN(
                mcc: String(decoding: mccLabel.dropFirst(3), as: UTF8.self),
                mnc: String(decoding: mncLabel.dropFirst(3), as: UTF8.self))
        } catch {
            throw .notThreeGPPRealm
        }
        let prefix = hasPrefix ? String(decoding: lower[..<(tailStart - 1)], as: UTF8.self) : ""
        let form: Form
        switch prefix {
        case "wlan": form = .wlan
        case "nai.epc": form = .epcNAI
        case "epc": form = .epc
        default: form = .other(prefix)
        }
        self.init(form: form, plmn: plmn)
    }

    /// The realm text, lower case, MNC padded to 3 digits.
    public var name: String {
        let tail = "mnc\(plmn.mncLabel).mcc\(plmn.mcc).3gppnetwork.org"
        let prefix = form.prefix
        return prefix.isEmpty ? tail : prefix + "." + tail
    }

    /// Same as `name`.
    public var description: String { name }
}
