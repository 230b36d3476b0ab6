/// An International Mobile Subscriber Identity: 6...15 decimal digits (TS 23.003 clause 2.2).
///
/// This is what SWx User-Name carries: no leading method digit, no realm.
public struct IMSI: Sendable, Hashable, CustomStringConvertible {
    /// Allowed number of digits (MCC 3 + MNC 2-3 + MSIN, at most 15).
    public static let digitRange = 6...15

    /// The digits, e.g. "234150999999999".
    public let digits: String

    /// Validates 6...15 ASCII decimal digits.
    public init(_ digits: some StringProtocol) throws(NAIError) {
        try self.init(digitBytes: digits.utf8)
    }

    init(digitBytes digits: some Collection<UInt8>) throws(NAIError) {
        var count = 0
        for c in digits {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { throw .invalidIMSI(.nonDigit) }
            count += 1
            guard count <= IMSI.digitRange.upperBound else { throw .invalidIMSI(.tooLong) }
        }
        guard count >= IMSI.digitRange.lowerBound else { throw .invalidIMSI(.tooShort) }
        self.digits = String(decoding: digits, as: UTF8.self)
    }

    /// Mobile Country Code: always the first 3 digits.
    public var mcc: String { String(digits.prefix(3)) }

    /// The home PLMN given the MNC length, which the IMSI itself does not reveal
    /// (the USIM stores it; the network knows it from configuration).
    public func plmn(mncLength: Int) throws(NAIError) -> PLMN {
        guard mncLength == 2 || mncLength == 3 else { throw .invalidMNCLength(mncLength) }
        return try PLMN(mcc: mcc, mnc: digits.dropFirst(3).prefix(mncLength))
    }

    /// The digits (an IMSI is an identifier, not key material).
    public var description: String { digits }
}

/// A public land mobile network: MCC (3 digits) and MNC (2 or 3 digits).
public struct PLMN: Sendable, Hashable, CustomStringConvertible {
    /// Mobile Country Code, 3 digits.
    public let mcc: String
    /// As configured: 2 or 3 digits. Realms always carry 3 digits, so a PLMN parsed from a
    /// realm has a 3-digit MNC even when the operator's MNC is 2 digits long.
    public let mnc: String

    /// Validates a 3-digit MCC and a 2- or 3-digit MNC.
    public init(mcc: some StringProtocol, mnc: some StringProtocol) throws(NAIError) {
        guard mcc.utf8.count == 3, mcc.utf8.allSatisfy(isASCIIDigit),
            (2...3).contains(mnc.utf8.count), mnc.utf8.allSatisfy(isASCIIDigit)
        else { throw .invalidPLMN }
        self.mcc = String(mcc)
        self.mnc = String(mnc)
    }

    /// The MNC as written in `mnc<MNC>` realm labels: 2-digit MNCs get a leading 0.
    public var mncLabel: String { mnc.utf8.count == 2 ? "0" + mnc : mnc }

    /// True when both name the same network as far as realms can tell (MNC compared in label form).
    public func matchesRealmForm(of other: PLMN) -> Bool {
        mcc == other.mcc && mncLabel == other.mncLabel
    }

    /// `wlan.mncXXX.mccYYY.3gppnetwork.org` (TS 23.003 clause 14).
    public var wlanRealm: String { ThreeGPPRealm(form: .wlan, plmn: self).name }
    /// `nai.epc.mncXXX.mccYYY.3gppnetwork.org` (TS 23.003 clause 19.3).
    public var epcNAIRealm: String { ThreeGPPRealm(form: .epcNAI, plmn: self).name }
    /// `epc.mncXXX.mccYYY.3gppnetwork.org`: home network domain and SWx Destination-Realm of the HSS
    /// (TS 23.003 clause 19.2).
    public var hssRealm: String { ThreeGPPRealm(form: .epc, plmn: self).name }

    /// "MCC-MNC", e.g. "234-15".
    public var description: String { "\(mcc)-\(mnc)" }
}

@inline(__always)
func isASCIIDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
