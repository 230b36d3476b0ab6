import Diameter
import TestSupport
import WireFormat
import XCTest

/// Every fixture message: decode, check header and key AVPs, re-encode byte-identical, rebuild from the builder.
final class DiameterVectorTests: XCTestCase {
    private func vector(_ id: String) throws -> (JSONObject, [UInt8], DiameterMessage) {
        let v = try Fixtures.object("diameter").item("vectors", id: id)
        let bytes = try v.hex("hex")
        return (v, bytes, try DiameterMessage(decoding: bytes))
    }

    func testAllVectorsDecodeAndReencode() throws {
        let vectors = try Fixtures.object("diameter").array("vectors")
        XCTAssertEqual(vectors.count, 13)
        for v in vectors {
            let id = try v.string("id")
            let bytes = try v.hex("hex")
            let m = try DiameterMessage(decoding: bytes)
            XCTAssertEqual(Int(m.commandCode), try v.int("command_code"), id)
            XCTAssertEqual(m.flags.rawValue, UInt8(try v.string("flags").dropFirst(2), radix: 16), id)
            XCTAssertEqual(Int(m.applicationID), try v.int("application_id"), id)
            XCTAssertEqual(m.hopByHopID, UInt32(try v.string("hop_by_hop"), radix: 16), id)
            XCTAssertEqual(m.endToEndID, UInt32(try v.string("end_to_end"), radix: 16), id)
            XCTAssertEqual(Int(m.header.length), try v.int("length"), id)
            XCTAssertEqual(bytes.count, try v.int("length"), id)
            XCTAssertEqual(m.encode(), bytes, "re-encode \(id)")
            XCTAssertTrue(DiameterDictionary.standard.unknownMandatoryAVPs(in: m).isEmpty, id)
            // Strict flag checking accepts every vector (flags follow the dictionary).
            XCTAssertNoThrow(try DiameterMessage(decoding: bytes, options: .init(enforceFlagRules: true)), id)
        }
    }

    func testBuilderReproducesEveryVector() throws {
        for (id, built) in VectorMessages.all {
            let (_, bytes, decoded) = try vector(id)
            XCTAssertEqual(built.encode().hexString, bytes.hexString, "built \(id)")
            XCTAssertEqual(built, decoded, "built vs decoded \(id)")
        }
    }

    func testCERAndCEA() throws {
        let (_, _, cer) = try vector("cer")
        XCTAssertTrue(cer.isRequest)
        XCTAssertFalse(cer.isProxiable)
        XCTAssertEqual(cer.command, .capabilitiesExchange)
        XCTAssertEqual(cer.originHost, "aaa.wlan.example.net")
        XCTAssertEqual(cer.originRealm, "wlan.example.net")
        XCTAssertEqual(try cer.first(code: DiameterAVPCode.hostIPAddress)?.address(), .ipv4(192, 0, 2, 1))
        XCTAssertEqual(try cer.first(code: DiameterAVPCode.productName)?.utf8String(), "wlan-gw")
        XCTAssertEqual(cer.first(code: DiameterAVPCode.productName)?.isMandatory, false)
        XCTAssertEqual(cer.first(code: DiameterAVPCode.firmwareRevision)?.flags.rawValue, 0)
        XCTAssertEqual(cer.originStateId, 1)
        XCTAssertEqual(cer.authApplicationIDs, [4, 16_777_265])
        XCTAssertEqual(DiameterDictionary.standard.label(for: cer), "CER")

        let (_, _, cea) = try vector("cea")
        XCTAssertFalse(cea.isRequest)
        XCTAssertEqual(cea.resultCode, 2001)
        XCTAssertEqual(cea.originHost, "hss.epc.mnc044.mcc555.3gppnetwork.org")
        XCTAssertEqual(try cea.first(code: DiameterAVPCode.hostIPAddress)?.address().description, "192.0.2.20")
        XCTAssertEqual(DiameterDictionary.standard.label(for: cea), "CEA")
    }

    func testWatchdog() throws {
        let (_, _, dwr) = try vector("dwr")
        XCTAssertEqual(dwr.command, .deviceWatchdog)
        XCTAssertEqual(dwr.avps.count, 3)
        let (_, _, dwa) = try vector("dwa")
        XCTAssertEqual(dwa.resultCode, DiameterResultCode.success.rawValue)
        XCTAssertEqual(dwa.originRealm, "epc.mnc044.mcc555.3gppnetwork.org")
    }

    func testSWxMAR() throws {
        let (_, _, mar) = try vector("swx-mar")
        XCTAssertEqual(mar.flags, [.request, .proxiable])
        XCTAssertEqual(mar.application, .swx)
        XCTAssertEqual(mar.sessionId, "aaa.wlan.example.net;1700000000;1")
        XCTAssertEqual(mar.userName, "555444333222111")
        XCTAssertEqual(mar.destinationRealm, "epc.mnc044.mcc555.3gppnetwork.org")
        XCTAssertEqual(mar.authSessionState, 1)
        let v = DiameterVendor.threeGPP
        let item = try XCTUnwrap(mar.first(code: DiameterAVPCode.sipAuthDataItem, vendor: v))
        XCTAssertEqual(item.flags.rawValue, 0xc0)
        XCTAssertEqual(try item.first(code: DiameterAVPCode.sipAuthenticationScheme, vendor: v)?.utf8String(), "EAP-AKA'")
        XCTAssertEqual(try mar.first(code: DiameterAVPCode.sipNumberAuthItems, vendor: v)?.unsigned32(), 1)
        let rat = try XCTUnwrap(mar.first(code: DiameterAVPCode.ratType, vendor: v))
        XCTAssertEqual(rat.flags.rawValue, 0x80, "RAT-Type is sent without M")
        XCTAssertEqual(try rat.enumerated(), 0)
        XCTAssertEqual(try mar.first(code: DiameterAVPCode.anid, vendor: v)?.utf8String(), "WLAN")
        let vsai = try XCTUnwrap(mar.first(code: DiameterAVPCode.vendorSpecificApplicationID))
        XCTAssertEqual(try vsai.first(code: DiameterAVPCode.vendorID)?.unsigned32(), 10415)
        XCTAssertEqual(try vsai.first(code: DiameterAVPCode.authApplicationID)?.unsigned32(), 16_777_265)
        XCTAssertEqual(DiameterDictionary.standard.label(for: mar), "MAR")
        XCTAssertEqual(DiameterDictionary.standard.applicationLabel(mar.applicationID), "3GPP SWx")
    }

    func testSWxMAATypedView() throws {
        let (_, _, maa) = try vector("swx-maa")
        XCTAssertEqual(maa.flags, [.proxiable])
        XCTAssertEqual(DiameterDictionary.standard.label(for: maa), "MAA")
        let view = try SWxMAA(maa)
        XCTAssertTrue(view.isSuccess)
        XCTAssertEqual(view.sessionId, "aaa.wlan.example.net;1700000000;1")
        XCTAssertEqual(view.resultCode, 2001)
        XCTAssertNil(view.experimentalResultCode)
        XCTAssertEqual(view.userName, "555444333222111")
        XCTAssertEqual(view.vectors, [VectorMessages.authVector])
        // Values are those of RFC 5448 case 1 (eap_aka_prime.json).
        let c1 = try Fixtures.object("eap_aka_prime").item("vectors", id: "rfc5448-case1")
        let got = try XCTUnwrap(view.vectors.first)
        XCTAssertEqual(got.itemNumber, 1)
        XCTAssertEqual(got.scheme, "EAP-AKA'")
        XCTAssertEqual(got.rand, try c1.hex("rand"))
        XCTAssertEqual(got.autn, try c1.hex("autn"))
        XCTAssertEqual(got.xres, try c1.hex("res"))
        XCTAssertEqual(got.ck, try c1.hex("ck_prime"))
        XCTAssertEqual(got.ik, try c1.hex("ik_prime"))
    }

    func testSWxResyncAndUserUnknown() throws {
        let (_, _, resync) = try vector("swx-mar-resync")
        let v = DiameterVendor.threeGPP
        let item = try XCTUnwrap(resync.first(code: DiameterAVPCode.sipAuthDataItem, vendor: v))
        let authz = try XCTUnwrap(item.first(code: DiameterAVPCode.sipAuthorization, vendor: v))
        XCTAssertEqual(authz.length, 42)
        XCTAssertEqual(authz.octetString(), VectorMessages.rand + VectorMessages.auts)
        let auts = try Fixtures.object("aka_resync_auts").item("vectors", id: "auts-from-ts35208-set19")
        XCTAssertEqual(authz.octetString(), try auts.hex("sip_authorization_rand_auts"))

        let (_, _, unknown) = try vector("swx-maa-user-unknown")
        XCTAssertNil(unknown.resultCode)
        XCTAssertEqual(unknown.experimentalResult?.vendor, 10415)
        XCTAssertEqual(unknown.experimentalResultCode, SWxExperimentalResultCode.userUnknown)
        XCTAssertEqual(unknown.outcomeCode, 5001)
        let view = try SWxMAA(unknown)
        XCTAssertFalse(view.isSuccess)
        XCTAssertTrue(view.vectors.isEmpty)
        XCTAssertEqual(DiameterDictionary.standard.valueName(code: 298, value: 5001), "DIAMETER_ERROR_USER_UNKNOWN")
    }

    func testSWxSAR() throws {
        let (_, _, sar) = try vector("swx-sar")
        XCTAssertEqual(sar.command, .serverAssignment)
        XCTAssertEqual(sar.destinationHost, "hss.epc.mnc044.mcc555.3gppnetwork.org")
        let sat = try XCTUnwrap(sar.first(code: DiameterAVPCode.serverAssignmentType, vendor: 10415))
        XCTAssertEqual(try sat.enumerated(), SWxServerAssignmentType.registration)
        XCTAssertEqual(DiameterDictionary.standard.label(for: sar), "SAR")
    }

    func testGyCreditControl() throws {
        let (_, _, ccrI) = try vector("gy-ccr-i")
        XCTAssertEqual(ccrI.application, .gy)
        XCTAssertEqual(DiameterDictionary.standard.label(for: ccrI), "CCR")
        XCTAssertEqual(try ccrI.first(code: DiameterAVPCode.serviceContextID)?.utf8String(), "32251@3gpp.org")
        XCTAssertEqual(try ccrI.first(code: DiameterAVPCode.ccRequestType)?.enumerated(), 1)
        XCTAssertEqual(try ccrI.first(code: DiameterAVPCode.ccRequestNumber)?.unsigned32(), 0)
        let ts = try XCTUnwrap(ccrI.first(code: DiameterAVPCode.eventTimestamp)).time()
        XCTAssertEqual(ts.ntpSeconds, 0xe8fe_6f80)
        XCTAssertEqual(ts.secondsSince1970, 1_700_000_000)
        let sub = try XCTUnwrap(ccrI.first(code: DiameterAVPCode.subscriptionID))
        XCTAssertEqual(try sub.first(code: DiameterAVPCode.subscriptionIDType)?.enumerated(), 1)
        XCTAssertEqual(try sub.first(code: DiameterAVPCode.subscriptionIDData)?.utf8String(), "555444333222111")
        let mscc = try XCTUnwrap(ccrI.first(code: DiameterAVPCode.multipleServicesCreditControl))
        let rsu = try XCTUnwrap(mscc.first(code: DiameterAVPCode.requestedServiceUnit))
        XCTAssertEqual(try rsu.first(code: DiameterAVPCode.ccTotalOctets)?.unsigned64(), 10 * 1024 * 1024)
        XCTAssertEqual(try mscc.first(code: DiameterAVPCode.ratingGroup)?.unsigned32(), 100)

        let (_, _, cca) = try vector("gy-cca-i")
        XCTAssertEqual(cca.resultCode, 2001)
        XCTAssertEqual(cca.originHost, "ocs.example.net")
        let gmscc = try XCTUnwrap(cca.first(code: DiameterAVPCode.multipleServicesCreditControl))
        let gsu = try XCTUnwrap(gmscc.first(code: DiameterAVPCode.grantedServiceUnit))
        XCTAssertEqual(try gsu.first(code: DiameterAVPCode.ccTotalOctets)?.unsigned64(), 0xa0_0000)
        XCTAssertEqual(try gmscc.first(code: DiameterAVPCode.validityTime)?.unsigned32(), 3600)
        XCTAssertEqual(try gmscc.first(code: DiameterAVPCode.resultCode)?.unsigned32(), 2001)

        let (_, _, ccrU) = try vector("gy-ccr-u")
        let umscc = try XCTUnwrap(ccrU.first(code: DiameterAVPCode.multipleServicesCreditControl))
        let usu = try XCTUnwrap(umscc.first(code: DiameterAVPCode.usedServiceUnit))
        XCTAssertEqual(try usu.first(code: DiameterAVPCode.ccInputOctets)?.unsigned64(), 0x20_0000)
        XCTAssertEqual(try usu.first(code: DiameterAVPCode.ccOutputOctets)?.unsigned64(), 0x80_0000)
        let reason = try XCTUnwrap(umscc.first(code: DiameterAVPCode.reportingReason, vendor: 10415))
        XCTAssertEqual(reason.flags.rawValue, 0xc0)
        XCTAssertEqual(DiameterDictionary.standard.valueName(code: 872, vendorID: 10415, value: Int64(try reason.enumerated())),
                       "QUOTA_EXHAUSTED")

        let (_, _, ccrT) = try vector("gy-ccr-t")
        XCTAssertEqual(try ccrT.first(code: DiameterAVPCode.ccRequestType)?.enumerated(), CCRequestType.termination)
        XCTAssertEqual(try ccrT.first(code: DiameterAVPCode.terminationCause)?.enumerated(), 1)
        XCTAssertEqual(try ccrT.first(code: DiameterAVPCode.ccRequestNumber)?.unsigned32(), 2)
    }
}
