import Foundation
import RADIUSFrontend
import XCTest

final class SocketDropCounterTests: XCTestCase {
    private let table = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
         1157: 0100007F:0714 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 901234 2 0000000000000000 712
         1158: 00000000:0715 00000000:0000 07 00000000:00001900 00:00000000 00000000     0        0 901235 2 0000000000000000 7
         2001: 0100007F:0714 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 901236 2 0000000000000000 1
        garbage line
        """

    func testDropsOfTheSocketsOnAPortAreSummed() {
        XCTAssertEqual(SocketDropCounter.drops(in: table, localPort: 0x714), 713)
        XCTAssertEqual(SocketDropCounter.drops(in: table, localPort: 0x715), 7)
        XCTAssertEqual(SocketDropCounter.drops(in: table, localPort: 1645), 0)
        XCTAssertEqual(SocketDropCounter.drops(in: "", localPort: 1812), 0)
    }

    func testNewDropsAreDeltasFromTheFirstReading() {
        var counter = SocketDropCounter()
        XCTAssertEqual(counter.newDrops(port: 0x714, tables: [table]), 0)
        let more = table.replacingOccurrences(of: " 712", with: " 800")
        XCTAssertEqual(counter.newDrops(port: 0x714, tables: [more]), 88)
        XCTAssertEqual(counter.newDrops(port: 0x714, tables: [more]), 0)
        // A re-created socket starts again from zero.
        let reset = table.replacingOccurrences(of: " 712", with: " 5")
        XCTAssertEqual(counter.newDrops(port: 0x714, tables: [reset]), 6)
    }

    /// The kernel as the oracle: a socket nobody reads, with a small buffer, flooded over loopback,
    /// shows its drops in /proc/net/udp and the parser finds them.
    func testTheKernelsDropsOfAFloodedSocketAreRead() throws {
        let receiver = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        let sender = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(receiver, 0)
        defer { close(receiver); close(sender) }
        var size: Int32 = 4096
        setsockopt(receiver, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(receiver, $0, length) == 0 && getsockname(receiver, $0, &length) == 0 }
        }
        XCTAssertTrue(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let payload = [UInt8](repeating: 0x55, count: 200)
        for _ in 0..<200 {
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                    payload.withUnsafeBytes { sendto(sender, $0.baseAddress, $0.count, 0, target, length) }
                }
            }
        }
        let text = try String(contentsOfFile: "/proc/net/udp", encoding: .utf8)
        XCTAssertGreaterThan(SocketDropCounter.drops(in: text, localPort: port), 100)
    }
}
