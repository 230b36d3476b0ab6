import Diameter
import Foundation
import EAP
import EAPAKA
import Milenage
import RADIUS
import ServiceSupport
import WireFormat

// Micro-benchmarks of the protocol core's hot paths. Inputs are the published vectors
// (copied here so the binary needs no files). Run: swift run -c release twag-bench [--json]

let secret = Array("testing123".utf8)

// RADIUS Access-Request 2 of the EAP-AKA flow (radius.json eap_over_radius_flow).
let accessRequest = [UInt8](hex: "010200e41122334455667788990011223344556f01353030303130313031323334353637383940776c616e2e6d6e633030312e6d63633030312e336770706e6574776f726b2e6f72670406c000020a200f61702d30312e6578616d706c651e1b30322d30302d30302d30302d30302d61613a574c414e2d47571f1330322d30302d30302d30302d30302d30313d06000000130c06000005784f2a020100281701000003030040a54211d5e3ba50bf0b050000828bf0dc8df7e97ce6d697ead3ecd9621810616b612d73746174652d303030315012d8edfcbac3425772a9f126374f1f3e59")!
let msk = [UInt8](hex: "34330f007f638a0c975eb5add36cce33412587ec61763ee9dbb74aec8d2dbee56111c20c1aafd03e4d9d081a789de9a620563e470244ae5ea55c517a7c9a6eeb")!

// RFC 5448 Appendix C case 1.
let identity = Array("0555444333222111".utf8)
let rand = [UInt8](hex: "81e92b6c0ee0e12ebceba8d92a99dfa5")!
let autn = [UInt8](hex: "bb52e91c747ac3ab2a5c23d15ee351d5")!
let ik = [UInt8](hex: "9744871ad32bf9bbd1dd5ce54e3e2e5a")!
let ck = [UInt8](hex: "5349fbe098649f948f5d2e973a81c00f")!
let ckPrime = [UInt8](hex: "0093962d0dd84aa5684b045c9edffa04")!
let ikPrime = [UInt8](hex: "ccfc230ca74fcc96c0a5d61164f5a76c")!
let kAutPrime = [UInt8](hex: "0842ea722ff6835bfa2032499fc3ec23c2f0e388b4f07543ffc677f1696d71ea")!
let akaPrimeResponse = [UInt8](hex: "02010028320100000303004028d7b0f2a2ec3de50b050000ecd260914c52e6bb5b049139a1f2f06e")!

// TS 35.208 set 1.
let milenageK = [UInt8](hex: "465b5ce8b199b49faa5f0a2ee238a6bc")!
let milenageOPc = [UInt8](hex: "cd63cb71954a9f4e48a5994e37a02baf")!
let milenageRAND = [UInt8](hex: "23553cbe9637a89d218ae64dae47bf35")!

// SWx MAA with RFC 5448 case 1 values (diameter.json swx-maa).
let maa = [UInt8](hex: "010001a44000012f01000031000000105a00001000000107400000296161612e776c616e2e6578616d706c652e6e65743b313730303030303030303b3100000000000104400000200000010a4000000c000028af000001024000000c010000310000010c4000000c000007d1000001154000000c00000001000001084000002d6873732e6570632e6d6e633034342e6d63633535352e336770706e6574776f726b2e6f726700000000000128400000296570632e6d6e633034342e6d63633535352e336770706e6574776f726b2e6f72670000000000000140000017353535343434333333323232313131000000025fc0000010000028af0000000100000264c00000a8000028af00000265c0000010000028af0000000100000260c0000014000028af4541502d414b412700000261c000002c000028af81e92b6c0ee0e12ebceba8d92a99dfa5bb52e91c747ac3ab2a5c23d15ee351d500000262c0000014000028af28d7b0f2a2ec3de500000271c000001c000028af0093962d0dd84aa5684b045c9edffa0400000272c000001c000028afccfc230ca74fcc96c0a5d61164f5a76c")!

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}

let runner = BenchmarkRunner()
var results = [BenchmarkResult]()
let json = CommandLine.arguments.contains("--json")
let filter = CommandLine.arguments.dropFirst().first { !$0.hasPrefix("--") }

@MainActor
func bench<R>(_ name: String, _ body: () throws -> R) throws {
    if let filter, !name.contains(filter) { return }
    let r = try runner.measure(name, body)
    results.append(r)
    if !json {
        let padded = name.padding(toLength: 46, withPad: " ", startingAt: 0)
        print("\(padded) \(format(r.medianNanos)) ns/op (best \(format(r.bestNanos)))")
    }
}

func format(_ v: Double) -> String {
    let rounded = (v * 10).rounded() / 10
    return String(rounded)
}

do {
    try bench("radius.decode+verify Access-Request (EAP, MA)") {
        let p = try RADIUSPacket.verifyRequest(accessRequest, secret: secret, requireMessageAuthenticator: true)
        guard let eap = p.eapMessage else { throw BenchFailure(description: "no EAP-Message") }
        return eap.count
    }
    let request = try RADIUSPacket(decoding: accessRequest)
    try bench("radius.encode Access-Accept (MPPE keys, MA)") {
        var accept = RADIUSPacket.reply(to: request, code: .accessAccept, attributes: [])
        accept.eapMessage = [3, 2, 0, 4]
        try accept.addMPPEKeys(msk: msk, secret: secret, requestAuthenticator: request.authenticator)
        return try accept.encodeResponse(secret: secret, requestAuthenticator: request.authenticator).count
    }
    try bench("eap.decode AKA' Challenge response") {
        try AKAMessage(decoding: akaPrimeResponse).attributes.count
    }
    try bench("aka'.build Challenge request with AT_MAC") {
        let challenge = AKAMessage(
            method: .akaPrime, code: .request, identifier: 1, subtype: .challenge,
            attributes: [
                .rand(rand), .autn(autn), .kdf(1), .kdfInput(Array("WLAN".utf8)),
                .mac([UInt8](repeating: 0, count: 16)),
            ])
        return try challenge.encode(authenticatingWith: kAutPrime).count
    }
    try bench("aka'.verify AT_MAC of Challenge response") {
        guard AKAMAC.verify(method: .akaPrime, kAut: kAutPrime, packet: akaPrimeResponse) else {
            throw BenchFailure(description: "MAC did not verify")
        }
        return 1
    }
    try bench("aka'.derive CK'/IK' (TS 33.402 A.2)") {
        try AKAPrimeTransformedKeys.derive(ck: ck, ik: ik, networkName: "WLAN", autn: autn).ckPrime.count
    }
    try bench("aka'.derive keys (PRF', MK -> MSK/EMSK)") {
        try AKAPrimeKeys.derive(identity: identity, ikPrime: ikPrime, ckPrime: ckPrime).msk.count
    }
    try bench("aka.derive keys (SHA-1 MK, FIPS 186-2 PRF)") {
        try AKAKeys.derive(identity: identity, ik: ik, ck: ck).msk.count
    }
    let milenage = try Milenage(k: milenageK, opc: milenageOPc)
    guard let sqn = SequenceNumber(0xff9b_b4d0_b607) else { throw BenchFailure(description: "bad SQN") }
    try bench("milenage.f1-f5 authentication vector") {
        try milenage.generateVector(rand: milenageRAND, sqn: sqn, amf: 0xb9b9).autn.count
    }
    try bench("diameter.decode SWx MAA") {
        try DiameterMessage(decoding: maa).avps.count
    }
    try bench("diameter.decode SWx MAA + vector parse") {
        let m = try DiameterMessage(decoding: maa)
        return try SWxMultimediaAuthAnswer(m).vectors.count
    }
    try bench("diameter.encode SWx MAR (EAP-AKA')") {
        DiameterMessage.request(
            command: .multimediaAuth, application: .swx, hopByHop: 0x10, endToEnd: 0x5a00_0010,
            avps: [
                .sessionId("aaa.wlan.example.net;1700000000;1"),
                .vendorSpecificApplicationId(vendor: 10415, auth: .swx),
                .authSessionState(1),
                .originHost("aaa.wlan.example.net"),
                .originRealm("wlan.example.net"),
                .destinationRealm("epc.mnc044.mcc555.3gppnetwork.org"),
                .userName("555444333222111"),
                .sipNumberAuthItems(1),
                .sipAuthDataItem(scheme: "EAP-AKA'"),
                .ratType(0),
                .anid("WLAN"),
            ]
        ).encode().count
    }
    try bench("log.render an info line (3 metadata)") {
        TWAGLogHandlerRenderProbe.render(format: .text, message: "Authentication ACCEPTED",
                                         metadata: ["imsi": "001010000000001", "method": "EAP-AKA'", "class": "twag:0a1b2c3d"]).utf8.count
    }
    let storeBenchmark = "store.sqlite commit of 64 accounting records"
    if filter.map({ storeBenchmark.contains($0) }) ?? true {
        var accounting = try AccountingStoreBenchmark()
        defer { accounting.remove() }
        let r = try accounting.measure(name: storeBenchmark)
        results.append(r)
        if !json {
            print("\(storeBenchmark.padding(toLength: 46, withPad: " ", startingAt: 0)) \(format(r.medianNanos)) ns/op "
                  + "(best \(format(r.bestNanos))), thread CPU per transaction")
        }
    }
} catch {
    print("twag-bench: \(error)")
    exit(1)
}

if json {
    let rows = results.map {
        "{\"name\":\"\($0.name)\",\"median_ns\":\(format($0.medianNanos)),\"best_ns\":\(format($0.bestNanos)),\"iterations\":\($0.iterations)}"
    }
    print("[" + rows.joined(separator: ",") + "]")
}
