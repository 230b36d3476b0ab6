import TWAGCLI
import XCTest

final class SupervisorPolicyTests: XCTestCase {
    func testBackoffDoublesOnQuickCrashesAndResetsAfterAStableRun() {
        let policy = SupervisorPolicy()
        var child = ChildState(name: "aaa-core", policy: policy)
        child.started(at: 0)
        XCTAssertEqual(child.exited(at: 1, shuttingDown: false, policy: policy), 1.5)
        child.started(at: 1.5)
        XCTAssertEqual(child.exited(at: 2, shuttingDown: false, policy: policy), 3)
        child.started(at: 3)
        XCTAssertEqual(child.exited(at: 4, shuttingDown: false, policy: policy), 6)
        // Ran for more than `stableAfter`: back to the initial delay.
        child.started(at: 6)
        XCTAssertEqual(child.exited(at: 100, shuttingDown: false, policy: policy), 100.5)
    }

    func testBackoffIsCapped() {
        let policy = SupervisorPolicy()
        var child = ChildState(name: "x", policy: policy)
        var t = 0.0
        var last = 0.0
        for _ in 0..<8 {
            child.started(at: t)
            t += 100  // stable runs never grow the delay
            last = (child.exited(at: t, shuttingDown: false, policy: policy) ?? 0) - t
        }
        XCTAssertEqual(last, policy.initialBackoff)
        var quick = ChildState(name: "y", policy: policy)
        var delays = [Double]()
        t = 0
        for _ in 0..<8 {
            quick.started(at: t)
            t += 10
            if let at = quick.exited(at: t, shuttingDown: false, policy: policy) { delays.append(at - t) }
            t += 20
        }
        XCTAssertEqual(delays.max(), policy.maximumBackoff)
    }

    func testCrashLoopGivesUp() {
        let policy = SupervisorPolicy()
        var child = ChildState(name: "x", policy: policy)
        var gaveUp = false
        for i in 0..<20 {
            child.started(at: Double(i))
            if child.exited(at: Double(i) + 0.1, shuttingDown: false, policy: policy) == nil {
                gaveUp = true
                break
            }
        }
        XCTAssertTrue(gaveUp)
        XCTAssertEqual(child.phase, .gaveUp)
    }

    func testNoRestartWhileShuttingDown() {
        let policy = SupervisorPolicy()
        var child = ChildState(name: "x", policy: policy)
        child.started(at: 0)
        XCTAssertNil(child.exited(at: 5, shuttingDown: true, policy: policy))
        XCTAssertEqual(child.phase, .stopped)
    }

    func testLabLayoutGivesEachProcessItsOwnPorts() {
        var layout = LabLayout(directory: "/tmp/lab")
        layout.frontends = 2
        let f1 = layout.environment(for: "radius-frontend", instance: 0)
        let f2 = layout.environment(for: "radius-frontend", instance: 1)
        let core = layout.environment(for: "aaa-core")
        XCTAssertEqual(f1["TWAG_RADIUS__AUTH_PORT"], "1812")
        XCTAssertEqual(f2["TWAG_RADIUS__AUTH_PORT"], "1822")
        XCTAssertEqual(Set([f1["TWAG_PROMETHEUS__PORT"], f2["TWAG_PROMETHEUS__PORT"], core["TWAG_PROMETHEUS__PORT"]]).count, 3)
        XCTAssertEqual(core["TWAG_RUNTIME_DIR"], "/tmp/lab/run")
    }
}
