import Foundation
import RADIUSFrontend
import XCTest

final class AccessPointTrackerTests: XCTestCase {
    let start = ContinuousClock.now
    let date = Date(timeIntervalSince1970: 1_760_000_000)

    func observation(ssid: String? = "ONS", mtu: UInt32? = 1400) -> AccessPointObservation {
        AccessPointObservation(packet: {
            var p = TestData.accessRequest(framedMTU: mtu)
            if ssid == nil { p.calledStationId = "64-D9-89-1D-A4-20" }
            return p
        }(), client: TestData.apIP)
    }

    func testObservationReadsTheNASAttributes() {
        let o = observation()
        XCTAssertEqual(o.key, AccessPointKey(nasIP: "10.7.15.72", apMAC: "64-D9-89-1D-A4-20"))
        XCTAssertEqual(o.sourceIP, "127.0.0.1")
        XCTAssertEqual(o.ssid, "ONS")
        XCTAssertEqual(o.nasIdentifier, "ap-lobby")
        XCTAssertEqual(o.nasPortType, 19)
        XCTAssertEqual(o.framedMTU, 1400)
        XCTAssertEqual(AccessPointObservation.stationID(of: TestData.accessRequest(station: "02:00:00:00:00:0a")), "02-00-00-00-00-0A")
    }

    func testLastSeenWritesAreCoalescedToOnePerSecond() {
        var tracker = AccessPointTracker()
        tracker.observe(observation(), date: date, now: start)
        XCTAssertEqual(tracker.takeDue(now: start).count, 1, "a new AP is written at once")
        for ms in stride(from: 100, through: 900, by: 100) {
            tracker.observe(observation(), date: date.addingTimeInterval(Double(ms) / 1000), now: start + .milliseconds(ms))
            XCTAssertEqual(tracker.takeDue(now: start + .milliseconds(ms)), [], "held within the second")
        }
        let due = tracker.takeDue(now: start + .seconds(1))
        XCTAssertEqual(due.count, 1)
        XCTAssertEqual(due.first?.lastSeen, date.addingTimeInterval(0.9))
        XCTAssertEqual(due.first?.firstSeen, date)
        XCTAssertEqual(tracker.takeDue(now: start + .seconds(5)), [], "nothing new, nothing written")
    }

    func testStationsRideAlongAndForceFlushes() {
        var tracker = AccessPointTracker()
        let o = observation()
        tracker.observe(o, date: date, now: start)
        _ = tracker.takeDue(now: start)
        tracker.recordAccept(station: "02-00-00-00-00-01", on: o, date: date, now: start + .milliseconds(10))
        tracker.recordAccept(station: "02-00-00-00-00-01", on: o, date: date, now: start + .milliseconds(20))
        tracker.recordAccept(station: "02-00-00-00-00-02", on: o, date: date, now: start + .milliseconds(30))
        XCTAssertEqual(tracker.takeDue(now: start + .milliseconds(40)), [])
        let forced = tracker.takeDue(now: start + .milliseconds(40), force: true)
        XCTAssertEqual(forced.first?.newStations, ["02-00-00-00-00-01", "02-00-00-00-00-02"])
    }

    func testMissingAttributesKeepPreviousValuesAndFailedWritesAreRetried() {
        var tracker = AccessPointTracker()
        tracker.observe(observation(mtu: 1400), date: date, now: start)
        tracker.observe(observation(mtu: nil), date: date, now: start)
        let due = tracker.takeDue(now: start)
        XCTAssertEqual(due.first?.observation.framedMTU, 1400)
        tracker.restore(due)
        XCTAssertEqual(tracker.takeDue(now: start + .milliseconds(1)).count, 1, "restored writes are due again at once")
    }

    func testIdleAPsAreForgotten() {
        var tracker = AccessPointTracker(idleEviction: .seconds(60))
        tracker.observe(observation(), date: date, now: start)
        _ = tracker.takeDue(now: start)
        _ = tracker.takeDue(now: start + .seconds(61))
        XCTAssertEqual(tracker.count, 0)
    }
}
