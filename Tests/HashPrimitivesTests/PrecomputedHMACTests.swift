import Crypto
import HashPrimitives
import TestSupport
import WireFormat
import XCTest

final class PrecomputedHMACTests: XCTestCase {
    /// RFC 2202 and RFC 4231 published test cases.
    func testPublishedVectors() {
        let hiThere = Array("Hi There".utf8)
        XCTAssertEqual(
            PrecomputedHMAC<Insecure.MD5>(key: [UInt8](repeating: 0x0b, count: 16)).authenticate(hiThere).hexString,
            "9294727a3638bb1c13f48ef8158bfc9d")
        XCTAssertEqual(
            PrecomputedHMAC<Insecure.SHA1>(key: [UInt8](repeating: 0x0b, count: 20)).authenticate(hiThere).hexString,
            "b617318655057264e28bc0b6fb378c8ef146be00")
        XCTAssertEqual(
            PrecomputedHMAC<SHA256>(key: [UInt8](repeating: 0x0b, count: 20)).authenticate(hiThere).hexString,
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        // RFC 4231 case 6: a key longer than the block is hashed first.
        let long = PrecomputedHMAC<SHA256>(key: [UInt8](repeating: 0xaa, count: 131))
        XCTAssertEqual(
            long.authenticate(Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)).hexString,
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// swift-crypto's HMAC is the oracle for every key and message length around the block size,
    /// fed in pieces and with zero runs.
    func testAgreesWithSwiftCrypto() {
        var rng = SplitMix64(seed: 0x4D4C)
        for keyLength in [0, 1, 16, 20, 32, 63, 64, 65, 128, 200] {
            for messageLength in [0, 1, 55, 56, 64, 100, 300] {
                let key = rng.bytes(keyLength)
                let message = rng.bytes(messageLength)
                let split = messageLength / 3
                var c = PrecomputedHMAC<SHA256>(key: key).start()
                c.update(message[..<split])
                c.update(message[split...])
                c.updateZeros(5)
                let expected = HMAC<SHA256>.authenticationCode(
                    for: message + [0, 0, 0, 0, 0], using: SymmetricKey(data: key))
                XCTAssertEqual(c.finalize(), Array(expected), "key \(keyLength) message \(messageLength)")
                XCTAssertEqual(
                    PrecomputedHMAC<Insecure.MD5>(key: key).authenticate(message),
                    Array(HMAC<Insecure.MD5>.authenticationCode(for: message, using: SymmetricKey(data: key))))
            }
        }
    }

    func testOneKeyManyMessagesIsStateless() {
        let mac = PrecomputedHMAC<Insecure.SHA1>(key: Array("secret".utf8))
        let a = mac.authenticate(Array("one".utf8))
        _ = mac.authenticate(Array("two".utf8))
        XCTAssertEqual(mac.authenticate(Array("one".utf8)), a)
    }
}
