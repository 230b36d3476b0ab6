import Foundation
import WireFormat

/// Why a stored charging state cannot be read back.
public enum ChargingStateDecodingError: Error, Sendable, Equatable {
    case unknownVersion(UInt8)
    case truncated
    case invalidValue(String)
}

/// The state as stored in `charging_sessions.state`: a versioned, fixed-order binary form. It is
/// written for every change of every charged session, and Foundation's JSONEncoder was a fifth of
/// the agent's CPU under load. Integers are big-endian; optionals carry a presence octet.
extension ChargingSession {
    static let storedFormVersion: UInt8 = 1

    public func storedForm() -> [UInt8] {
        var w: [UInt8] = []
        w.reserveCapacity(160)
        w.append(Self.storedFormVersion)
        w.append(mode == .online ? 1 : 0)
        w.append(Self.phases.firstIndex(of: phase).map(UInt8.init) ?? 0)
        w.appendUInt32(nextNumber)
        w.appendUInt32(UInt32(clamping: tier))
        w.put(reported)
        w.put(latest)
        w.put(sessionEnded)
        w.put(pending) { w, r in w.put(r) }
        w.put(retryAt) { w, d in w.put(d) }
        w.appendUInt32(UInt32(clamping: attempts))
        w.put(grant) { w, g in
            w.appendUInt64(g.base)
            w.put(g.octets) { $0.appendUInt64($1) }
            w.put(g.reauthorizeAt) { $0.appendUInt64($1) }
            w.put(g.validUntil) { $0.put($1) }
            w.put(g.isFinal)
        }
        w.append(UInt8(truncatingIfNeeded: failureHandling.rawValue))
        w.put(creditControlled)
        w.put(reauthorizationOwed)
        w.put(disconnectCause) { w, c in w.append(Self.causes.firstIndex(of: c).map(UInt8.init) ?? 0) }
        switch decision {
        case nil: w.append(0)
        case .authorized(let a)?:
            w.append(1)
            w.put(a.grantedOctets) { $0.appendUInt64($1) }
            w.put(a.validityTime) { $0.appendUInt32($1) }
            w.put(a.sessionTimeout) { $0.appendUInt32($1) }
            w.put(a.degraded)
        case .denied(let d)?:
            w.append(2)
            w.appendUInt32(d.resultCode)
            w.put(d.reason)
        }
        return w
    }

    public init(storedForm bytes: [UInt8]) throws(ChargingStateDecodingError) {
        var r = ByteReader(bytes)
        let version = try r.u8()
        guard version == Self.storedFormVersion else { throw .unknownVersion(version) }
        mode = try r.u8() == 1 ? .online : .authorizeOnly
        let phaseIndex = Int(try r.u8())
        guard Self.phases.indices.contains(phaseIndex) else { throw .invalidValue("phase \(phaseIndex)") }
        phase = Self.phases[phaseIndex]
        nextNumber = try r.u32()
        tier = Int(try r.u32())
        reported = try r.usage()
        latest = try r.usage()
        sessionEnded = try r.bool()
        pending = try r.optional { r throws(ChargingStateDecodingError) in try r.request() }
        retryAt = try r.optional { r throws(ChargingStateDecodingError) in try r.date() }
        attempts = Int(try r.u32())
        grant = try r.optional { r throws(ChargingStateDecodingError) in
            Grant(base: try r.u64(), octets: try r.optional { r throws(ChargingStateDecodingError) in try r.u64() },
                  reauthorizeAt: try r.optional { r throws(ChargingStateDecodingError) in try r.u64() },
                  validUntil: try r.optional { r throws(ChargingStateDecodingError) in try r.date() },
                  isFinal: try r.bool())
        }
        let handling = try r.u8()
        guard let h = ChargingFailureHandling(rawValue: Int32(handling)) else { throw .invalidValue("failure handling") }
        failureHandling = h
        creditControlled = try r.bool()
        reauthorizationOwed = try r.bool()
        disconnectCause = try r.optional { r throws(ChargingStateDecodingError) in
            let index = Int(try r.u8())
            guard Self.causes.indices.contains(index) else { throw .invalidValue("disconnect cause \(index)") }
            return Self.causes[index]
        }
        switch try r.u8() {
        case 0: decision = nil
        case 1:
            decision = .authorized(ChargingAuthorization(
                grantedOctets: try r.optional { r throws(ChargingStateDecodingError) in try r.u64() },
                validityTime: try r.optional { r throws(ChargingStateDecodingError) in try r.u32() },
                sessionTimeout: try r.optional { r throws(ChargingStateDecodingError) in try r.u32() },
                degraded: try r.bool()))
        case 2: decision = .denied(ChargingDenial(resultCode: try r.u32(), reason: try r.string()))
        case let other: throw .invalidValue("decision \(other)")
        }
        guard r.isAtEnd else { throw .invalidValue("trailing bytes") }
    }

    /// Wire indices: append only, never reorder.
    static let phases: [Phase] = [.authorizing, .active, .blocked, .abandoned, .terminating, .closed]
    static let causes: [ChargingDisconnectCause] = [
        .finalUnitsUsed, .creditLimitReached, .serviceDenied, .ocsUnreachable, .abortedByOCS,
    ]
    static let kinds: [ChargingRequest.Kind] = [.initial, .update, .termination]
}

extension [UInt8] {
    fileprivate mutating func put(_ flag: Bool) { append(flag ? 1 : 0) }

    fileprivate mutating func put(_ date: Date) {
        appendUInt64(date.timeIntervalSince1970.bitPattern)
    }

    fileprivate mutating func put(_ text: String) {
        let bytes = Array(text.utf8.prefix(Int(UInt16.max)))
        appendUInt16(UInt16(bytes.count))
        append(contentsOf: bytes)
    }

    fileprivate mutating func put(_ usage: UsageSnapshot) {
        appendUInt64(usage.inputOctets)
        appendUInt64(usage.outputOctets)
        appendUInt64(usage.seconds)
    }

    fileprivate mutating func put<T>(_ value: T?, _ body: (inout [UInt8], T) -> Void) {
        guard let value else { return append(0) }
        append(1)
        body(&self, value)
    }

    fileprivate mutating func put(_ r: ChargingRequest) {
        append(ChargingSession.kinds.firstIndex(of: r.kind).map(UInt8.init) ?? 0)
        appendUInt32(r.number)
        switch r.requested {
        case .none: append(0)
        case .serverChooses: append(1)
        case .octets(let n):
            append(2)
            appendUInt64(n)
        }
        put(r.used) { $0.put($1) }
        put(r.reportingReason) { $0.appendUInt32(UInt32(bitPattern: $1)) }
        put(r.terminationCause) { $0.appendUInt32(UInt32(bitPattern: $1)) }
        put(r.snapshot)
    }
}

extension ByteReader {
    fileprivate mutating func u8() throws(ChargingStateDecodingError) -> UInt8 {
        guard let v = readUInt8() else { throw .truncated }
        return v
    }

    fileprivate mutating func u32() throws(ChargingStateDecodingError) -> UInt32 {
        guard let v = readUInt32() else { throw .truncated }
        return v
    }

    fileprivate mutating func u64() throws(ChargingStateDecodingError) -> UInt64 {
        guard let v = readUInt64() else { throw .truncated }
        return v
    }

    fileprivate mutating func bool() throws(ChargingStateDecodingError) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let other: throw .invalidValue("flag \(other)")
        }
    }

    fileprivate mutating func date() throws(ChargingStateDecodingError) -> Date {
        Date(timeIntervalSince1970: TimeInterval(bitPattern: try u64()))
    }

    fileprivate mutating func string() throws(ChargingStateDecodingError) -> String {
        guard let count = readUInt16(), let bytes = readBytes(Int(count)) else { throw .truncated }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidValue("text") }
        return text
    }

    fileprivate mutating func usage() throws(ChargingStateDecodingError) -> UsageSnapshot {
        UsageSnapshot(inputOctets: try u64(), outputOctets: try u64(), seconds: try u64())
    }

    fileprivate mutating func optional<T>(_ body: (inout ByteReader) throws(ChargingStateDecodingError) -> T)
        throws(ChargingStateDecodingError) -> T?
    {
        try bool() ? try body(&self) : nil
    }

    fileprivate mutating func request() throws(ChargingStateDecodingError) -> ChargingRequest {
        let kindIndex = Int(try u8())
        guard ChargingSession.kinds.indices.contains(kindIndex) else { throw .invalidValue("request kind \(kindIndex)") }
        let number = try u32()
        let requested: ChargingRequest.Units
        switch try u8() {
        case 0: requested = .none
        case 1: requested = .serverChooses
        case 2: requested = .octets(try u64())
        case let other: throw .invalidValue("requested units \(other)")
        }
        return ChargingRequest(
            kind: ChargingSession.kinds[kindIndex], number: number, requested: requested,
            used: try optional { r throws(ChargingStateDecodingError) in try r.usage() },
            reportingReason: try optional { r throws(ChargingStateDecodingError) in Int32(bitPattern: try r.u32()) },
            terminationCause: try optional { r throws(ChargingStateDecodingError) in Int32(bitPattern: try r.u32()) },
            snapshot: try usage())
    }
}
