import Diameter
import Foundation
import Milenage
import WireFormat
@testable import HSSSimulator

/// Shared fixtures: TS 35.208 test set 1 keys, MAR/SAR builders and a temp directory helper.
enum HSSFixture {
    static let k = [UInt8](hex: "465b5ce8b199b49faa5f0a2ee238a6bc") ?? []
    static let opc = [UInt8](hex: "cd63cb71954a9f4e48a5994e37a02baf") ?? []
    static let imsi = "001010000000001"
    static let barredIMSI = "001010000000005"
    static let identity = HSSIdentity(originHost: "hss.lab.epc.mnc001.mcc001.3gppnetwork.org",
                                      originRealm: "epc.mnc001.mcc001.3gppnetwork.org")
    static let aaaHost = "aaa.lab.example"

    static var yaml: String {
        """
        subscribers:
          - imsi: "\(imsi)"
            k: "\(k.hexString)"
            opc: "\(opc.hexString)"
          - imsi: "\(barredIMSI)"
            k: "\(k.hexString)"
            op: "cdc202d5123e20f62b6d676ac72cb318"
            amf: "8000"
            sqn: 0x40
            non3gpp_barred: true
        """
    }

    static func subscribers() throws -> [Subscriber] {
        try SubscriberFile.parse(yaml, path: "test.yaml")
    }

    static func hss(state: SequenceState = SequenceState()) throws -> SWxHSS {
        SWxHSS(identity: identity, subscribers: try subscribers(), sequenceState: state)
    }

    static func usim() throws -> Milenage { try Milenage(k: k, opc: opc) }

    static func mar(imsi: String = imsi, scheme: String = "EAP-AKA'", count: UInt32 = 1, anid: String? = "WLAN",
                    authorization: [UInt8]? = nil, extra: [DiameterAVP] = []) -> DiameterMessage {
        var avps: [DiameterAVP] = [
            .sessionId("\(aaaHost);1;42"),
            .vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .swx),
            .authSessionState(1),
            .originHost(aaaHost),
            .originRealm("lab.example"),
            .destinationRealm(identity.originRealm),
            .userName(imsi),
            .sipAuthDataItem(scheme: scheme, authorization: authorization),
            .sipNumberAuthItems(count),
            .ratType(0),
        ]
        if let anid { avps.append(.anid(anid)) }
        avps.append(contentsOf: extra)
        return DiameterMessage.request(command: .multimediaAuth, application: .swx, hopByHop: 0x1111, endToEnd: 0x2222,
                                       avps: avps)
    }

    static func sar(imsi: String = imsi, type: Int32) -> DiameterMessage {
        DiameterMessage.request(command: .serverAssignment, application: .swx, hopByHop: 0x3333, endToEnd: 0x4444, avps: [
            .sessionId("\(aaaHost);1;43"),
            .vendorSpecificApplicationId(vendor: DiameterVendor.threeGPP, auth: .swx),
            .authSessionState(1),
            .originHost(aaaHost),
            .originRealm("lab.example"),
            .destinationRealm(identity.originRealm),
            .userName(imsi),
            .serverAssignmentType(type),
        ])
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hss-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Reads the fields every SWx answer must carry.
struct AnswerView {
    let message: DiameterMessage

    var avpCodes: [UInt32] { message.avps.map(\.code) }
    var vendorSpecificApplicationID: (vendor: UInt32?, app: UInt32?) {
        let g = message.first(code: DiameterAVPCode.vendorSpecificApplicationID)
        return (try? g?.first(code: DiameterAVPCode.vendorID)?.unsigned32(),
                try? g?.first(code: DiameterAVPCode.authApplicationID)?.unsigned32())
    }
    var failedAVPChildren: [DiameterAVP] {
        (try? message.first(code: DiameterAVPCode.failedAVP)?.grouped()) ?? []
    }
}
