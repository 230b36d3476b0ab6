import NIOCore
import RADIUS

/// When an AP gives up on a RADIUS server (RFC 2865 2.5, RFC 5080 2.2.1).
public struct RetransmissionPolicy: Sendable, Hashable {
    /// Wait for a reply before sending the same datagram again.
    public var timeout: TimeAmount
    /// Transmissions in total (the first one included).
    public var attempts: Int

    public init(timeout: TimeAmount = .seconds(1), attempts: Int = 3) {
        self.timeout = timeout
        self.attempts = max(1, attempts)
    }
}

/// The outstanding Access-Requests of one UDP socket, keyed by RADIUS Identifier.
///
/// Pure state (time is passed in) so retransmission and reply matching are tested without sockets.
/// A retransmission re-sends the exact bytes: same Identifier and Request Authenticator, which is
/// how a server recognises a duplicate (RFC 5080 2.2.2) instead of running EAP twice.
public struct RADIUSTransactionTable: Sendable {
    /// A pending request.
    struct Entry: Sendable {
        var bytes: [UInt8]
        var authenticator: [UInt8]
        var transmissions: Int
        var deadline: NIODeadline
        var firstSent: NIODeadline
    }

    /// What a timer tick asks the socket to do.
    public enum TimerAction: Sendable, Equatable {
        /// Send these bytes again; the next deadline is `deadline`.
        case retransmit(identifier: UInt8, bytes: [UInt8], deadline: NIODeadline)
        /// Every transmission went unanswered.
        case timedOut(identifier: UInt8)
    }

    /// What to do with a received datagram.
    public enum ReceiveOutcome: Sendable, Equatable {
        /// A verified reply to the request with this Identifier, after `transmissions` sends and
        /// `elapsed` since the first.
        case reply(identifier: UInt8, packet: RADIUSPacket, transmissions: Int, elapsed: TimeAmount)
        /// Silently discarded (RFC 2865 3: invalid authenticators are dropped, never answered).
        case discarded(DiscardReason)
    }

    /// Why a datagram was dropped; counted in the report.
    public enum DiscardReason: Sendable, Hashable {
        case tooShort
        case noPendingRequest(identifier: UInt8)
        case failedVerification(identifier: UInt8)
    }

    public let policy: RetransmissionPolicy
    /// Access replies must carry Message-Authenticator (BlastRADIUS); Accounting-Responses need not
    /// (RFC 2866 has none, and most servers send none).
    public let requireMessageAuthenticator: Bool
    /// `nil` free, `.some(nil)` reserved while the request is being encoded, else pending.
    private var slots: [Entry??] = Array(repeating: nil, count: 256)
    private var nextIdentifier: UInt8
    /// Identifiers reserved or pending.
    public private(set) var inFlight = 0

    /// `firstIdentifier` lets tests and several sockets start at different points of the space.
    public init(policy: RetransmissionPolicy, firstIdentifier: UInt8 = 0, requireMessageAuthenticator: Bool = true) {
        self.policy = policy
        self.requireMessageAuthenticator = requireMessageAuthenticator
        self.nextIdentifier = firstIdentifier
    }

    /// Takes the next free Identifier in round-robin order, so a value comes back only after the
    /// other 255 were used (servers cache replies per Identifier for a few seconds). Nil when all
    /// 256 are outstanding.
    public mutating func reserveIdentifier() -> UInt8? {
        guard inFlight < 256 else { return nil }
        for _ in 0..<256 {
            let candidate = nextIdentifier
            nextIdentifier &+= 1
            if slots[Int(candidate)] == nil {
                slots[Int(candidate)] = .some(nil)
                inFlight += 1
                return candidate
            }
        }
        return nil
    }

    /// Records the encoded request for a reserved Identifier; returns when its timer must fire.
    public mutating func register(identifier: UInt8, bytes: [UInt8], authenticator: [UInt8], now: NIODeadline)
        -> NIODeadline
    {
        let deadline = now + policy.timeout
        if slots[Int(identifier)] == nil { inFlight += 1 }
        slots[Int(identifier)] = .some(Entry(bytes: bytes, authenticator: authenticator, transmissions: 1, deadline: deadline,
                                            firstSent: now))
        return deadline
    }

    /// Frees an Identifier (reply delivered, request abandoned, or encoding failed).
    public mutating func release(identifier: UInt8) {
        if slots[Int(identifier)] != nil { inFlight -= 1 }
        slots[Int(identifier)] = nil
    }

    /// Matches a datagram from the server to its request and authenticates it: Response
    /// Authenticator and Message-Authenticator (mandatory unless the table was made for accounting).
    /// A verified reply frees the Identifier; a reply failing verification is dropped and the request
    /// stays pending, as a NAS keeps waiting for the genuine answer. `now` is when the socket read it.
    public mutating func receive(_ datagram: [UInt8], secret: [UInt8], now: NIODeadline) -> ReceiveOutcome {
        guard datagram.count >= RADIUSPacket.headerLength else { return .discarded(.tooShort) }
        let identifier = datagram[1]
        guard case .some(.some(let entry)) = slots[Int(identifier)] else {
            return .discarded(.noPendingRequest(identifier: identifier))
        }
        guard let packet = try? RADIUSPacket.verifyResponse(
            datagram, secret: secret, requestAuthenticator: entry.authenticator,
            requireMessageAuthenticator: requireMessageAuthenticator)
        else {
            return .discarded(.failedVerification(identifier: identifier))
        }
        release(identifier: identifier)
        return .reply(identifier: identifier, packet: packet, transmissions: entry.transmissions,
                      elapsed: now - entry.firstSent)
    }

    /// Retransmits what is due and times out what has used every attempt: the socket's periodic
    /// sweep (256 slots, whatever the request rate).
    public mutating func expire(now: NIODeadline) -> [TimerAction] {
        (0...255).compactMap { expire(identifier: UInt8($0), now: now) }
    }

    /// The same for one Identifier.
    public mutating func expire(identifier: UInt8, now: NIODeadline) -> TimerAction? {
        guard case .some(.some(var entry)) = slots[Int(identifier)], entry.deadline <= now else { return nil }
        if entry.transmissions >= policy.attempts {
            release(identifier: identifier)
            return .timedOut(identifier: identifier)
        }
        entry.transmissions += 1
        entry.deadline = now + policy.timeout
        slots[Int(identifier)] = .some(entry)
        return .retransmit(identifier: identifier, bytes: entry.bytes, deadline: entry.deadline)
    }
}
