import NAI
import XCTest

/// The worked examples of TS 23.003 clauses 14 and 19 (reference table, decorated example).
final class NAIExampleTests: XCTestCase {
    private struct Example {
        let imsi: String, mcc: String, mnc: String, akaRoot: String, akaPrimeRoot: String, hssRealm: String
    }

    private let examples = [
        Example(
            imsi: "234150999999999", mcc: "234", mnc: "15",
            akaRoot: "0234150999999999@wlan.mnc015.mcc234.3gppnetwork.org",
            akaPrimeRoot: "6234150999999999@nai.epc.mnc015.mcc234.3gppnetwork.org",
            hssRealm: "epc.mnc015.mcc234.3gppnetwork.org"),
        Example(
            imsi: "310150123456789", mcc: "310", mnc: "150",
            akaRoot: "0310150123456789@wlan.mnc150.mcc310.3gppnetwork.org",
            akaPrimeRoot: "6310150123456789@nai.epc.mnc150.mcc310.3gppnetwork.org",
            hssRealm: "epc.mnc150.mcc310.3gppnetwork.org"),
        Example(
            imsi: "001010123456789", mcc: "001", mnc: "01",
            akaRoot: "0001010123456789@wlan.mnc001.mcc001.3gppnetwork.org",
            akaPrimeRoot: "6001010123456789@nai.epc.mnc001.mcc001.3gppnetwork.org",
            hssRealm: "epc.mnc001.mcc001.3gppnetwork.org"),
    ]

    func testBuildingRootNAIsAndHSSRealm() throws {
        for e in examples {
            let imsi = try IMSI(e.imsi)
            let plmn = try imsi.plmn(mncLength: e.mnc.count)
            XCTAssertEqual(plmn.mcc, e.mcc)
            XCTAssertEqual(plmn.mnc, e.mnc)
            XCTAssertEqual(
                try NAI.root(imsi: imsi, mncLength: e.mnc.count, method: .aka, realmForm: .wlan).value, e.akaRoot)
            XCTAssertEqual(
                try NAI.root(imsi: imsi, mncLength: e.mnc.count, method: .akaPrime, realmForm: .epcNAI).value,
                e.akaPrimeRoot)
            XCTAssertEqual(try NAI.hssRealm(imsi: imsi, mncLength: e.mnc.count), e.hssRealm)
            XCTAssertEqual(plmn.hssRealm, e.hssRealm)
            XCTAssertEqual(plmn.wlanRealm, String(e.akaRoot.split(separator: "@")[1]))
            XCTAssertEqual(plmn.epcNAIRealm, String(e.akaPrimeRoot.split(separator: "@")[1]))
        }
    }

    func testParsingRootNAIs() throws {
        for e in examples {
            let aka = try NAI(e.akaRoot)
            XCTAssertEqual(aka.kind, .permanent(.aka))
            XCTAssertEqual(aka.imsi?.digits, e.imsi, "SWx User-Name is the bare IMSI")
            XCTAssertEqual(aka.username, "0" + e.imsi)
            XCTAssertFalse(aka.isDecorated)
            let realm = try XCTUnwrap(aka.threeGPPRealm)
            XCTAssertEqual(realm.form, .wlan)
            XCTAssertEqual(realm.plmn.mcc, e.mcc)
            XCTAssertEqual(realm.plmn.mncLabel, e.mnc.count == 2 ? "0" + e.mnc : e.mnc)
            XCTAssertTrue(realm.plmn.matchesRealmForm(of: try PLMN(mcc: e.mcc, mnc: e.mnc)))
            XCTAssertEqual(ThreeGPPRealm(form: .epc, plmn: realm.plmn).name, e.hssRealm)

            let prime = try NAI(e.akaPrimeRoot)
            XCTAssertEqual(prime.kind, .permanent(.akaPrime))
            XCTAssertEqual(prime.imsi?.digits, e.imsi)
            XCTAssertEqual(prime.threeGPPRealm?.form, .epcNAI)
            XCTAssertEqual(prime.threeGPPRealm?.plmn.hssRealm, e.hssRealm)

            let hss = try ThreeGPPRealm(parsing: e.hssRealm)
            XCTAssertEqual(hss.form, .epc)
            XCTAssertEqual(hss.name, e.hssRealm)
        }
    }

    func testDecoratedNAI() throws {
        let decorated = "nai.epc.mnc015.mcc234.3gppnetwork.org!0234150999999999@nai.epc.mnc001.mcc262.3gppnetwork.org"
        let nai = try NAI(decorated)
        XCTAssertTrue(nai.isDecorated)
        XCTAssertEqual(nai.decoration, "nai.epc.mnc015.mcc234.3gppnetwork.org")
        XCTAssertEqual(nai.homeRealm, "nai.epc.mnc015.mcc234.3gppnetwork.org")
        XCTAssertEqual(nai.realm, "nai.epc.mnc001.mcc262.3gppnetwork.org")
        XCTAssertEqual(nai.innerUsername, "0234150999999999")
        XCTAssertEqual(nai.kind, .permanent(.aka))
        XCTAssertEqual(nai.imsi?.digits, "234150999999999")
        XCTAssertEqual(nai.threeGPPRealm?.plmn.mcc, "234")
        XCTAssertEqual(nai.threeGPPRealm?.plmn.mncLabel, "015")
        XCTAssertEqual(try ThreeGPPRealm(parsing: XCTUnwrap(nai.realm)).plmn.mcc, "262", "visited network")

        let forwarded = try nai.undecorated()
        XCTAssertEqual(forwarded.value, "0234150999999999@nai.epc.mnc015.mcc234.3gppnetwork.org")
        XCTAssertFalse(forwarded.isDecorated)
        XCTAssertEqual(forwarded.imsi, nai.imsi)
    }

    func testLeadingDigitTable() throws {
        let table: [(Character, IdentityKind)] = [
            ("0", .permanent(.aka)), ("1", .permanent(.sim)), ("2", .pseudonym(.aka)), ("3", .pseudonym(.sim)),
            ("4", .fastReauthentication(.aka)), ("5", .fastReauthentication(.sim)), ("6", .permanent(.akaPrime)),
            ("7", .pseudonym(.akaPrime)), ("8", .fastReauthentication(.akaPrime)),
        ]
        for (digit, kind) in table {
            let user = "\(digit)234150999999999"
            XCTAssertEqual(IdentityKind(username: user), kind)
            XCTAssertEqual(kind.leadingDigit, digit)
            let nai = try NAI(user + "@wlan.mnc015.mcc234.3gppnetwork.org")
            XCTAssertEqual(nai.kind, kind)
            XCTAssertEqual(nai.imsi != nil, kind.isPermanent)
        }
        // Pseudonyms and re-auth ids are server-formatted, not IMSIs.
        XCTAssertEqual(try NAI("2Ab+/x=Q@aaa.example.org").kind, .pseudonym(.aka))
        XCTAssertEqual(try NAI("8reauth.id-1@aaa.example.org").kind.method, .akaPrime)
        // Unknown digit or other first character: non-3GPP, not an error.
        XCTAssertEqual(try NAI("9234150999999999@example.org").kind, .other)
        XCTAssertEqual(try NAI("alice@example.org").kind, .other)
        XCTAssertEqual(try NAI("anonymous@nai.epc.mnc015.mcc234.3gppnetwork.org").kind, .anonymous)
        XCTAssertEqual(try NAI("@example.org").kind, .anonymous)
        XCTAssertNil(IdentityKind.other.leadingDigit)
        XCTAssertNil(IdentityKind.anonymous.method)
    }

    func testRealmsCompareCaseInsensitively() throws {
        XCTAssertTrue(Realm.equal("WLAN.MNC015.mcc234.3GPPNetwork.org", "wlan.mnc015.mcc234.3gppnetwork.org"))
        XCTAssertFalse(Realm.equal("wlan.mnc015.mcc234.3gppnetwork.org", "wlan.mnc016.mcc234.3gppnetwork.org"))
        XCTAssertEqual(Realm.canonical("EPC.MNC015.MCC234.3gppnetwork.ORG"), "epc.mnc015.mcc234.3gppnetwork.org")
        let upper = try NAI("0234150999999999@NAI.EPC.MNC015.MCC234.3GPPNETWORK.ORG")
        XCTAssertEqual(upper.threeGPPRealm?.form, .epcNAI)
        XCTAssertEqual(upper.threeGPPRealm?.plmn.mcc, "234")
        XCTAssertEqual(upper.realm, "NAI.EPC.MNC015.MCC234.3GPPNETWORK.ORG", "kept as received")
        XCTAssertTrue(upper.isSameIdentity(as: try NAI("0234150999999999@nai.epc.mnc015.mcc234.3gppnetwork.org")))
        XCTAssertFalse(upper.isSameIdentity(as: try NAI("0234150999999998@nai.epc.mnc015.mcc234.3gppnetwork.org")))
    }

    func testOtherThreeGPPRealmForms() throws {
        let ims = try ThreeGPPRealm(parsing: "ims.mnc001.mcc001.3gppnetwork.org")
        XCTAssertEqual(ims.form, .other("ims"))
        XCTAssertEqual(ims.name, "ims.mnc001.mcc001.3gppnetwork.org")
        let bare = try ThreeGPPRealm(parsing: "mnc001.mcc001.3gppnetwork.org")
        XCTAssertEqual(bare.form, .other(""))
        XCTAssertEqual(bare.name, "mnc001.mcc001.3gppnetwork.org")
        for notThreeGPP in [
            "example.org", "wlan.mnc15.mcc234.3gppnetwork.org", "wlan.mnc015.mcc23.3gppnetwork.org",
            "wlan.mncABC.mcc234.3gppnetwork.org", "wlan.mcc234.mnc015.3gppnetwork.org", "3gppnetwork.org",
            "wlan.mnc015.mcc234.3gppnetwork.org.evil.com", "xmnc015.mcc234.3gppnetwork.org",
        ] {
            XCTAssertThrowsError(try ThreeGPPRealm(parsing: notThreeGPP), notThreeGPP) { error in
                XCTAssertEqual(error as? NAIError, .notThreeGPPRealm, notThreeGPP)
            }
        }
        XCTAssertNil(try NAI("0234150999999999@example.org").threeGPPRealm)
    }
}
