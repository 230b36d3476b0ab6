import IPC
import NIOCore
import NIOEmbedded
import TestSupport
import XCTest

@testable import IPCTransport

final class IPCFrameDecoderTests: XCTestCase {
    private func channel(maximumSize: Int = IPCFrame.defaultMaximumSize) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(IPCFrameDecoder(maximumSize: maximumSize)))
        return channel
    }

    func testFramesSplitAcrossAndPackedInReads() throws {
        let frames = (0..<5).map {
            IPCFrame(type: .authRequest, correlationID: UInt64($0), fields: [IPCField(.userName, string: "user\($0)")])
        }
        let stream = frames.flatMap { $0.encoded() }
        let channel = try channel()
        var rng = SplitMix64(seed: 7)
        var offset = 0
        while offset < stream.count {
            let n = min(stream.count - offset, Int(rng.next() % 9) + 1)
            try channel.writeInbound(ByteBuffer(bytes: stream[offset..<offset + n]))
            offset += n
        }
        var decoded = [IPCFrame]()
        while let f = try channel.readInbound(as: IPCFrame.self) { decoded.append(f) }
        XCTAssertEqual(decoded, frames)
        _ = try channel.finish()
    }

    func testOversizedDeclaredLengthIsRefusedBeforeTheBody() throws {
        let channel = try channel(maximumSize: 1024)
        XCTAssertThrowsError(try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0x10, 0]))) { error in
            XCTAssertEqual(error as? IPCFrameError, .frameTooLarge(declared: 4096, maximum: 1024))
        }
    }

    func testBadVersionAndFieldOverrunAreErrors() throws {
        var bad = IPCFrame(type: .ping, correlationID: 1).encoded()
        bad[4] = 2
        XCTAssertThrowsError(try channel().writeInbound(ByteBuffer(bytes: bad))) { error in
            XCTAssertEqual(error as? IPCFrameError, .unsupportedVersion(2))
        }
        var overrun = IPCFrame(type: .ping, correlationID: 1, fields: [IPCField(.userName, string: "ab")]).encoded()
        overrun[overrun.count - 3] = 9  // field length 2 -> 9
        XCTAssertThrowsError(try channel().writeInbound(ByteBuffer(bytes: overrun))) { error in
            XCTAssertEqual(error as? IPCFrameError, .fieldOverrun(tag: 22, length: 9))
        }
    }

    func testHostileStreamsNeverTrap() throws {
        var rng = SplitMix64(seed: 0x1BC)
        let valid = IPCFrame(type: .authRequest, correlationID: 3, fields: [IPCField(.eapMessage, bytes: rng.bytes(40))]).encoded()
        for _ in 0..<2000 {
            let channel = try channel(maximumSize: 4096)
            _ = try? channel.writeInbound(ByteBuffer(bytes: rng.mutate(valid, headerBytes: 16)))
            _ = try? channel.finish()
        }
    }
}
