import Foundation
import TestSupport
import WireFormat
import XCTest

/// Issue #4: aaa-core against an HSS that only speaks Cx (like pyHSS 2.0.0), played by
/// `hss-sim --dialect cx`: vectors with plain CK/IK, no SWx at all.
extension StackIntegrationTests {
    var harness: StackIntegrationTests { self }

    func makeCxStack(subscribers: [LabSubscriber], hssArguments: [String] = [], configure: (LabStack) -> Void = { _ in })
        throws -> (LabStack, (process: ServiceProcess, port: Int, metricsPort: Int))
    {
        let stack = try LabStack()
        stack.hssPorts = [FreePort.tcp()]
        stack.dialect = "cx"
        configure(stack)
        try stack.writeSubscribers(subscribers)
        try stack.writeConfig()
        _ = try harness.startHSS(stack, extra: ["--dialect", "cx"] + hssArguments)
        _ = try harness.startCore(stack)
        let fe = try harness.startFrontend(stack)
        return (stack, fe)
    }

    func testCxAKAAndAKAPrimeWithResyncAndUnknownUser() throws {
        let (stack, fe) = try makeCxStack(subscribers: [StackIntegrationTests.alice, StackIntegrationTests.bob])
        for method in ["aka", "aka-prime"] {
            let (report, log) = try harness.runUESim(stack, port: fe.port, extra: ["--method", method, "--count", "4"])
            XCTAssertEqual(harness.successes(report), 4, "\(method): \(log)\n\(stack.core?.log ?? "")")
        }
        // The phone ahead of the HSS: Synchronization-Failure, RAND||AUTS in a Cx MAR, then accepted.
        let (resync, rlog) = try harness.runUESim(stack, port: fe.port, extra: ["--count", "1", "--sqn-offset", "60"])
        XCTAssertEqual(harness.successes(resync), 1, rlog + (stack.core?.log ?? ""))
        // Unknown IMSI: Experimental-Result 5001 over Cx.
        let stranger = stack.directory.appendingPathComponent("stranger.yaml").path
        try stack.writeSubscribers([StackIntegrationTests.carol], to: stranger)
        let (unknown, ulog) = try harness.runUESim(stack, port: fe.port, subscribers: stranger, extra: ["--count", "1"])
        XCTAssertEqual(harness.failures(unknown)["reject"], 1, ulog)
        XCTAssertTrue(stack.hss[0].process.log.contains("Cx"), stack.hss[0].process.log)
    }

    func testCxAKAPrimeWithoutTheAMFSeparationBitIsRejected() throws {
        var noSeparation = StackIntegrationTests.alice
        noSeparation.amf = "0000"
        let (stack, fe) = try makeCxStack(subscribers: [noSeparation])
        let (report, log) = try harness.runUESim(stack, port: fe.port, extra: ["--method", "aka-prime", "--count", "1"])
        XCTAssertEqual(harness.successes(report), 0, log)
        XCTAssertTrue(stack.core?.waitForLog("AMF separation bit", timeout: 5) ?? false, stack.core?.log ?? "")
        // The same subscriber can still use EAP-AKA, which has no such requirement.
        let (aka, alog) = try harness.runUESim(stack, port: fe.port, extra: ["--method", "aka", "--count", "1"])
        XCTAssertEqual(harness.successes(aka), 1, alog + (stack.core?.log ?? ""))
    }

    func testCxTwoHundredConcurrentAuthenticationsThroughASlowHSSWithTwoInFlight() throws {
        // 200 distinct subscribers so that 200 authentications can be in flight at once.
        var rng = SplitMix64(seed: 0xC0FFEE)
        let subscribers = (1...200).map { i in
            LabSubscriber(imsi: String(format: "0010199%08d", i), k: rng.bytes(16).hexString, opc: rng.bytes(16).hexString)
        }
        let (stack, fe) = try makeCxStack(subscribers: subscribers, hssArguments: ["--batch-answers-ms", "100"]) { stack in
            stack.maxInFlight = 2
            stack.requestTimeoutMs = 60_000
            stack.ipcTimeoutMs = 90_000
        }
        let (report, log) = try harness.runUESim(
            stack, port: fe.port,
            extra: ["--count", "200", "--concurrency", "200", "--method", "mixed", "--timeout", "5", "--tries", "40"])
        XCTAssertEqual(harness.successes(report), 200, log + "\n" + (stack.core?.log.suffix(3000).description ?? ""))
        XCTAssertEqual(harness.failures(report), [String: Int](), log)
    }
}
