import IPC
import TestSupport
import WireFormat
import XCTest

final class IPCFrameTests: XCTestCase {
    func testRoundTrip() throws {
        let frame = IPCFrame(
            type: .authRequest, correlationID: 0x0102_0304_0506_0708,
            fields: [
                IPCField(.eapMessage, bytes: [2, 0, 0, 5, 1]),
                IPCField(.userName, string: "0001010123456789@wlan.mnc001.mcc001.3gppnetwork.org"),
                IPCField(.framedMTU, uint32: 1400),
                IPCField(.accountingRowID, uint64: 42),
            ])
        let bytes = frame.encoded()
        XCTAssertEqual(try IPCFrame.frameSize(atStartOf: bytes[...]), bytes.count)
        let decoded = try IPCFrame(decoding: bytes)
        XCTAssertEqual(decoded, frame)
        XCTAssertEqual(try decoded.string(.userName), "0001010123456789@wlan.mnc001.mcc001.3gppnetwork.org")
        XCTAssertEqual(try decoded.uint32(.framedMTU), 1400)
        XCTAssertEqual(try decoded.uint64(.accountingRowID), 42)
        XCTAssertNil(try decoded.uint32(.sessionTimeout))
        XCTAssertThrowsError(try decoded.required(.sessionTimeout, decoded.uint32))
    }

    func testExactHeaderLayout() {
        let bytes = IPCFrame(type: .ping, correlationID: 7).encoded()
        XCTAssertEqual(bytes.hexString, "0000000c" + "01" + "00" + "0003" + "0000000000000007")
    }

    func testUnknownTagsAndTypesAreKept() throws {
        var bytes = IPCFrame(type: IPCMessageType(rawValue: 0x7777), correlationID: 1).encoded()
        bytes += [0x99, 0x99, 0, 0, 0, 2, 0xAB, 0xCD]
        bytes.setUInt32(UInt32(bytes.count - 4), at: 0)
        let f = try IPCFrame(decoding: bytes)
        XCTAssertEqual(f.type.rawValue, 0x7777)
        XCTAssertEqual(f.bytes(IPCTag(rawValue: 0x9999)), [0xAB, 0xCD])
    }

    func testTypedErrors() {
        XCTAssertThrowsError(try IPCFrame(decoding: [0, 0, 0])) { XCTAssertEqual($0 as? IPCFrameError, .truncated) }
        XCTAssertThrowsError(try IPCFrame(decoding: [0, 0, 0, 4, 1, 0, 0, 1])) {
            XCTAssertEqual($0 as? IPCFrameError, .frameTooShort(declared: 4))
        }
        XCTAssertThrowsError(try IPCFrame.frameSize(atStartOf: [0, 1, 0, 1][...])) {
            XCTAssertEqual($0 as? IPCFrameError, .frameTooLarge(declared: 65537, maximum: 65536))
        }
        var v2 = IPCFrame(type: .ping, correlationID: 1).encoded()
        v2[4] = 2
        XCTAssertThrowsError(try IPCFrame(decoding: v2)) { XCTAssertEqual($0 as? IPCFrameError, .unsupportedVersion(2)) }
        var overrun = IPCFrame(type: .ping, correlationID: 1, fields: [IPCField(.userName, string: "ab")]).encoded()
        overrun.setUInt32(3, at: 18)
        XCTAssertThrowsError(try IPCFrame(decoding: overrun)) {
            XCTAssertEqual($0 as? IPCFrameError, .fieldOverrun(tag: IPCTag.userName.rawValue, length: 3))
        }
        let badInt = IPCFrame(type: .ping, correlationID: 1, fields: [IPCField(.framedMTU, bytes: [1, 2, 3])])
        XCTAssertThrowsError(try badInt.uint32(.framedMTU))
        let badUTF8 = IPCFrame(type: .ping, correlationID: 1, fields: [IPCField(.userName, bytes: [0xff, 0xfe])])
        XCTAssertThrowsError(try badUTF8.string(.userName))
    }

    /// Hostile input: random and mutated frames end in a frame or a typed error, never a trap.
    func testHostileInput() {
        var rng = SplitMix64(seed: 0x1BC)
        let valid = IPCFrame(
            type: .authAccept, correlationID: 9,
            fields: [IPCField(.msk, bytes: Array(repeating: 7, count: 64)), IPCField(.sessionTimeout, uint32: 3600)]
        ).encoded()
        var decoded = 0
        for i in 0..<40_000 {
            var input: [UInt8]
            if i % 2 == 0 {
                input = (0..<Int(rng.next() % 96)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                input = valid
                switch rng.next() % 4 {
                case 0: input[Int(rng.next() % UInt64(input.count))] ^= UInt8(1 << (rng.next() % 8))
                case 1: input.removeLast(Int(rng.next() % UInt64(input.count)))
                case 2: input.insert(UInt8(truncatingIfNeeded: rng.next()), at: Int(rng.next() % UInt64(input.count)))
                default: input[Int(rng.next() % 4)] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            do {
                let f = try IPCFrame(decoding: input)
                XCTAssertEqual(f.encoded(), input, "a decoded frame re-encodes to its bytes")
                decoded += 1
            } catch {
                // A typed IPCFrameError is the expected outcome for most inputs.
            }
        }
        XCTAssertGreaterThan(decoded, 0)
    }
}
