@testable import AAACore
import EAP
import EAPAKA
import TestSupport
import XCTest

/// Random and mutated responses at every phase: the conversation ends each in a value, and
/// nothing but the genuine response is ever accepted.
final class ConversationHostileInputTests: XCTestCase {
    func testRandomAndMutatedResponsesNeverTrapNorAuthenticate() throws {
        var rng = SplitMix64(seed: 0xAAA_C0DE)
        let phone = try SimulatedPhone(k: Subscriber.k, opc: Subscriber.opc, identity: Subscriber.akaPrimeIdentity)

        // Phase "start": identity responses.
        let identity = try EAPPacket.identityResponse(identifier: 1, identity: Subscriber.akaPrimeIdentity).encode()
        let fresh = EAPAKAServerConversation(settings: EAPAKAServerSettings())
        for i in 0..<10_000 {
            var c = fresh
            let input = i % 2 == 0 ? rng.bytes(Int(rng.next() % 64)) : rng.mutate(identity)
            _ = c.handle(.response(input))
        }

        // Phase "challenge sent".
        var driver = ConversationDriver(phone: phone, hss: try Subscriber.hss())
        guard case .sendRequest(let challenge) = driver.feed(try driver.phone.identityResponse(identifier: 1)) else {
            return XCTFail()
        }
        let genuine = try driver.phone.respond(to: challenge)
        let challenged = driver.conversation
        for i in 0..<20_000 {
            var c = challenged
            let input = i % 2 == 0 ? rng.bytes(Int(rng.next() % 96)) : rng.mutate(genuine)
            if case .accept = c.handle(.response(input)).action {
                XCTAssertEqual(input, genuine, "only the genuine response authenticates")
            }
        }
        var c = challenged
        guard case .accept = c.handle(.response(genuine)).action else { return XCTFail() }
    }
}
