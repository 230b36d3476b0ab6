import WireFormat
import XCTest

final class ByteReaderTests: XCTestCase {
    func testReadsBigEndianIntegers() {
        var r = ByteReader([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09])
        XCTAssertEqual(r.readUInt8(), 0x01)
        XCTAssertEqual(r.readUInt16(), 0x0203)
        XCTAssertEqual(r.readUInt24(), 0x040506)
        XCTAssertNil(r.readUInt32(), "only 3 bytes remain")
        XCTAssertEqual(r.remaining, 3, "a failed read consumes nothing")
        XCTAssertEqual(Array(r.readBytes(3) ?? []), [0x07, 0x08, 0x09])
        XCTAssertTrue(r.isAtEnd)
        XCTAssertNil(r.readUInt8())
    }

    func testNegativeAndOversizedCountsAreRefused() {
        var r = ByteReader([1, 2, 3])
        XCTAssertNil(r.readBytes(-1))
        XCTAssertNil(r.readBytes(4))
        XCTAssertEqual(r.peekBytes(2).map(Array.init), [1, 2])
        XCTAssertEqual(r.remaining, 3)
    }

    func testSliceReadsKeepOffsets() {
        let data: [UInt8] = [9, 9, 1, 2, 3, 4]
        var r = ByteReader(data[2...])
        XCTAssertEqual(r.readUInt32(), 0x01020304)
    }

    func testWriterRoundTrip() {
        var out = [UInt8]()
        out.appendUInt16(0xABCD)
        out.appendUInt24(0x123456)
        out.appendUInt32(0xDEADBEEF)
        out.appendUInt64(0x0102030405060708)
        var r = ByteReader(out)
        XCTAssertEqual(r.readUInt16(), 0xABCD)
        XCTAssertEqual(r.readUInt24(), 0x123456)
        XCTAssertEqual(r.readUInt32(), 0xDEADBEEF)
        XCTAssertEqual(r.readUInt64(), 0x0102030405060708)
        out.setUInt24(0x000102, at: 2)
        XCTAssertEqual(Array(out[2..<5]), [0, 1, 2])
    }

    func testHex() {
        XCTAssertEqual([UInt8](hex: "00ffA0"), [0x00, 0xff, 0xa0])
        XCTAssertNil([UInt8](hex: "abc"))
        XCTAssertNil([UInt8](hex: "zz"))
        XCTAssertEqual([UInt8]([0xde, 0xad]).hexString, "dead")
    }

    func testConstantTimeEquals() {
        XCTAssertTrue(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(constantTimeEquals([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(constantTimeEquals([1, 2], [1, 2, 3]))
    }
}
