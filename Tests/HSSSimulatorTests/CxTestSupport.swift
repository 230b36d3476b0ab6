import Diameter
@testable import HSSSimulator

/// Cx MAR builders (TS 29.229 6.1.7) as an AAA server in Cx mode sends them.
enum CxFixture {
    static let realm = "ims.mnc001.mcc001.3gppnetwork.org"

    static func hss(state: SequenceState = SequenceState()) throws -> SWxHSS {
        SWxHSS(identity: HSSFixture.identity, subscribers: try HSSFixture.subscribers(), sequenceState: state, dialect: .cx)
    }

    static func mar(userName: String? = "\(HSSFixture.imsi)@\(realm)",
                    publicIdentity: String? = "sip:\(HSSFixture.imsi)@\(realm)",
                    scheme: String? = "Digest-AKAv1-MD5", count: UInt32 = 1, authorization: [UInt8]? = nil,
                    withItem: Bool = true) -> DiameterMessage {
        var avps: [DiameterAVP] = [
            .sessionId("\(HSSFixture.aaaHost);1;77"),
            .vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .cx),
            .authSessionState(1),
            .originHost(HSSFixture.aaaHost),
            .originRealm("lab.example"),
            .destinationRealm(HSSFixture.identity.originRealm),
        ]
        if let userName { avps.append(.userName(userName)) }
        if let publicIdentity { avps.append(.publicIdentity(publicIdentity)) }
        avps.append(.standard(code: DiameterAVPCode.serverName, vendorID: DiameterVendor.threeGPP, .utf8String("sip:\(HSSFixture.aaaHost)")))
        avps.append(.sipNumberAuthItems(count))
        if withItem {
            var children: [DiameterAVP] = []
            if let scheme { children.append(.sipAuthenticationScheme(scheme)) }
            if let authorization { children.append(.sipAuthorization(authorization)) }
            avps.append(.sipAuthDataItem(children))
        }
        return DiameterMessage.request(command: .multimediaAuth, application: .cx, hopByHop: 0x5555, endToEnd: 0x6666,
                                       avps: avps)
    }

    /// The single SIP-Auth-Data-Item of a Cx MAA, parsed.
    static func vector(_ answer: DiameterMessage) throws -> SWxAuthVector {
        let items = answer.all(code: DiameterAVPCode.sipAuthDataItem, vendor: DiameterVendor.threeGPP)
        guard items.count == 1, let item = items.first else { throw CxFixtureError.itemCount(items.count) }
        return try SWxAuthVector(item: item)
    }
}

enum CxFixtureError: Error {
    case itemCount(Int)
}
