import Diameter
import WireFormat

/// The 13 fixture messages rebuilt with the builder API (same identifiers, AVP order and flags).
enum VectorMessages {
    static let aaaHost = "aaa.wlan.example.net"
    static let aaaRealm = "wlan.example.net"
    static let hssHost = "hss.epc.mnc044.mcc555.3gppnetwork.org"
    static let hssRealm = "epc.mnc044.mcc555.3gppnetwork.org"
    static let imsi = "555444333222111"
    static let swxSession = "aaa.wlan.example.net;1700000000;1"
    static let gySession = "aaa.wlan.example.net;1700000000;2"
    static let swxApp = DiameterAVP.vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .swx)

    static let rand = hex("81e92b6c0ee0e12ebceba8d92a99dfa5")
    static let autn = hex("bb52e91c747ac3ab2a5c23d15ee351d5")
    static let xres = hex("28d7b0f2a2ec3de5")
    static let ckPrime = hex("0093962d0dd84aa5684b045c9edffa04")
    static let ikPrime = hex("ccfc230ca74fcc96c0a5d61164f5a76c")
    static let auts = hex("c2920fe2489f5b7a8925819b614b")

    static func hex(_ s: String) -> [UInt8] { [UInt8](hex: s) ?? [] }

    static var cer: DiameterMessage {
        .request(command: .capabilitiesExchange, application: .common, hopByHop: 1, endToEnd: 0x5a00_0001, avps: [
            .originHost(aaaHost), .originRealm(aaaRealm), .hostIPAddress(.ipv4(192, 0, 2, 1)), .vendorId(0),
            .productName("wlan-gw"), .originStateId(1), .supportedVendorId(DiameterVendor.threeGPP),
            .authApplicationId(.creditControl), swxApp, .firmwareRevision(1),
        ])
    }

    static var cea: DiameterMessage {
        cer.answer(resultCode: .success, avps: [
            .originHost(hssHost), .originRealm(hssRealm), .hostIPAddress(.ipv4(192, 0, 2, 20)), .vendorId(0),
            .productName("hss"), .supportedVendorId(DiameterVendor.threeGPP), swxApp,
        ])
    }

    static var dwr: DiameterMessage {
        .request(command: .deviceWatchdog, application: .common, hopByHop: 2, endToEnd: 0x5a00_0002,
                 avps: [.originHost(aaaHost), .originRealm(aaaRealm), .originStateId(1)])
    }

    static var dwa: DiameterMessage {
        dwr.answer(resultCode: 2001, avps: [.originHost(hssHost), .originRealm(hssRealm)])
    }

    static func mar(hopByHop: UInt32, item: DiameterAVP) -> DiameterMessage {
        .request(command: .multimediaAuth, application: .swx, hopByHop: hopByHop, endToEnd: 0x5a00_0000 | hopByHop,
                 avps: [
                    .sessionId(swxSession), swxApp, .authSessionState(1), .originHost(aaaHost), .originRealm(aaaRealm),
                    .destinationRealm(hssRealm), .userName(imsi), item, .sipNumberAuthItems(1), .ratType(0),
                    .anid("WLAN"),
                 ])
    }

    static var swxMAR: DiameterMessage { mar(hopByHop: 0x10, item: .sipAuthDataItem(scheme: "EAP-AKA'")) }

    static var swxMARResync: DiameterMessage {
        mar(hopByHop: 0x11, item: .sipAuthDataItem(scheme: "EAP-AKA'", authorization: rand + auts))
    }

    static var authVector: SWxAuthVector {
        SWxAuthVector(itemNumber: 1, scheme: "EAP-AKA'", rand: rand, autn: autn, xres: xres, ck: ckPrime, ik: ikPrime)
    }

    static var swxMAA: DiameterMessage {
        swxMAR.answer(avps: [
            .sessionId(swxSession), swxApp, .resultCode(2001), .authSessionState(1), .originHost(hssHost),
            .originRealm(hssRealm), .userName(imsi), .sipNumberAuthItems(1), .sipAuthDataItem(authVector),
        ])
    }

    static var swxMAAUserUnknown: DiameterMessage {
        mar(hopByHop: 0x12, item: .sipAuthDataItem(scheme: "EAP-AKA'")).answer(avps: [
            .sessionId(swxSession), swxApp,
            .experimentalResult(vendor: DiameterVendor.threeGPP, code: SWxExperimentalResultCode.userUnknown),
            .authSessionState(1), .originHost(hssHost), .originRealm(hssRealm),
        ])
    }

    static var swxSAR: DiameterMessage {
        .request(command: .serverAssignment, application: .swx, hopByHop: 0x13, endToEnd: 0x5a00_0013, avps: [
            .sessionId(swxSession), swxApp, .authSessionState(1), .originHost(aaaHost), .originRealm(aaaRealm),
            .destinationHost(hssHost), .destinationRealm(hssRealm), .userName(imsi),
            .serverAssignmentType(SWxServerAssignmentType.registration),
        ])
    }

    static func ccr(hopByHop: UInt32, type: Int32, number: UInt32, timestamp: UInt32, extra: [DiameterAVP],
                    mscc: [DiameterAVP]) -> DiameterMessage {
        var avps: [DiameterAVP] = [
            .sessionId(gySession), .originHost(aaaHost), .originRealm(aaaRealm), .destinationRealm("example.net"),
            .authApplicationId(.creditControl), .serviceContextId("32251@3gpp.org"), .ccRequestType(type),
            .ccRequestNumber(number), .eventTimestamp(DiameterTime(ntpSeconds: timestamp)),
        ]
        avps += extra.filter { $0.code == DiameterAVPCode.terminationCause }
        avps.append(.subscriptionId(type: 1, data: imsi))
        avps += extra.filter { $0.code != DiameterAVPCode.terminationCause }
        avps.append(.multipleServicesCreditControl(mscc))
        return .request(command: .creditControl, application: .gy, hopByHop: hopByHop, endToEnd: 0x5a00_0000 | hopByHop,
                        avps: avps)
    }

    static var gyCCRI: DiameterMessage {
        ccr(hopByHop: 0x20, type: CCRequestType.initial, number: 0, timestamp: 0xe8fe_6f80,
            extra: [.multipleServicesIndicator(1)],
            mscc: [.requestedServiceUnit([.ccTotalOctets(0xa0_0000)]), .ratingGroup(100), .serviceIdentifier(1)])
    }

    static var gyCCAI: DiameterMessage {
        gyCCRI.answer(resultCode: 2001, avps: [
            .originHost("ocs.example.net"), .originRealm("example.net"), .authApplicationId(.creditControl),
            .ccRequestType(CCRequestType.initial), .ccRequestNumber(0),
            .multipleServicesCreditControl([
                .grantedServiceUnit([.ccTotalOctets(0xa0_0000)]), .ratingGroup(100), .validityTime(3600),
                .resultCode(2001),
            ]),
        ])
    }

    static var gyCCRU: DiameterMessage {
        ccr(hopByHop: 0x21, type: CCRequestType.update, number: 1, timestamp: 0xe8fe_71d8, extra: [],
            mscc: [
                .requestedServiceUnit([.ccTotalOctets(0xa0_0000)]),
                .usedServiceUnit([.ccTotalOctets(0xa0_0000), .ccInputOctets(0x20_0000), .ccOutputOctets(0x80_0000)]),
                .ratingGroup(100), .reportingReason(3),
            ])
    }

    static var gyCCRT: DiameterMessage {
        ccr(hopByHop: 0x22, type: CCRequestType.termination, number: 2, timestamp: 0xe8fe_7430,
            extra: [.terminationCause(1)],
            mscc: [
                .usedServiceUnit([.ccTotalOctets(0x10_0000), .ccInputOctets(0x8_0000), .ccOutputOctets(0x8_0000)]),
                .ratingGroup(100),
            ])
    }

    /// Fixture id -> built message.
    static var all: [(String, DiameterMessage)] {
        [
            ("cer", cer), ("cea", cea), ("dwr", dwr), ("dwa", dwa), ("swx-mar", swxMAR), ("swx-maa", swxMAA),
            ("swx-mar-resync", swxMARResync), ("swx-maa-user-unknown", swxMAAUserUnknown), ("swx-sar", swxSAR),
            ("gy-ccr-i", gyCCRI), ("gy-cca-i", gyCCAI), ("gy-ccr-u", gyCCRU), ("gy-ccr-t", gyCCRT),
        ]
    }
}
