import RADIUS

/// Octet and packet counters of one session as RFC 2866 / RFC 2869 carry them: 64-bit totals
/// split into Acct-*-Octets (low 32 bits) and Acct-*-Gigawords (the wraps of 2^32).
public struct SessionCounters: Sendable, Hashable {
    /// Octets received from the station (uplink).
    public var inputOctets: UInt64
    /// Octets sent to the station (downlink).
    public var outputOctets: UInt64
    public var inputPackets: UInt64
    public var outputPackets: UInt64

    public init(inputOctets: UInt64 = 0, outputOctets: UInt64 = 0, inputPackets: UInt64 = 0, outputPackets: UInt64 = 0) {
        self.inputOctets = inputOctets
        self.outputOctets = outputOctets
        self.inputPackets = inputPackets
        self.outputPackets = outputPackets
    }

    /// Input/Output-Octets always; Gigawords only once a counter passed 2^32 (RFC 2869 5.1, 5.2);
    /// packet counters have no gigawords and stop at 2^32 - 1.
    public var attributes: [RADIUSAttribute] {
        var out = [RADIUSAttribute(.acctInputOctets, uint32: UInt32(truncatingIfNeeded: inputOctets))]
        if inputOctets >> 32 > 0 {
            out.append(RADIUSAttribute(.acctInputGigawords, uint32: Self.saturated(inputOctets >> 32)))
        }
        out.append(RADIUSAttribute(.acctOutputOctets, uint32: UInt32(truncatingIfNeeded: outputOctets)))
        if outputOctets >> 32 > 0 {
            out.append(RADIUSAttribute(.acctOutputGigawords, uint32: Self.saturated(outputOctets >> 32)))
        }
        out.append(RADIUSAttribute(.acctInputPackets, uint32: Self.saturated(inputPackets)))
        out.append(RADIUSAttribute(.acctOutputPackets, uint32: Self.saturated(outputPackets)))
        return out
    }

    static func saturated(_ value: UInt64) -> UInt32 {
        UInt32(clamping: value)
    }
}

/// The simulated station's traffic: constant rates, so counters are a pure function of the
/// session's age and grow from one Interim-Update to the next.
public struct TrafficModel: Sendable, Hashable {
    /// Uplink octets per second.
    public var inputOctetsPerSecond: UInt64
    /// Downlink octets per second (set above 2^32 / hold seconds to exercise Gigawords).
    public var outputOctetsPerSecond: UInt64
    /// Octets per packet for the packet counters (a full Ethernet frame's IP payload).
    public static let packetSize: UInt64 = 1_500

    public init(inputOctetsPerSecond: UInt64 = 100_000, outputOctetsPerSecond: UInt64 = 1_000_000) {
        self.inputOctetsPerSecond = inputOctetsPerSecond
        self.outputOctetsPerSecond = outputOctetsPerSecond
    }

    /// Counters after `milliseconds` of session (saturating, never trapping).
    public func counters(afterMilliseconds milliseconds: UInt64) -> SessionCounters {
        let input = Self.octets(rate: inputOctetsPerSecond, milliseconds: milliseconds)
        let output = Self.octets(rate: outputOctetsPerSecond, milliseconds: milliseconds)
        return SessionCounters(
            inputOctets: input, outputOctets: output, inputPackets: Self.packets(input), outputPackets: Self.packets(output))
    }

    static func octets(rate: UInt64, milliseconds: UInt64) -> UInt64 {
        let (product, overflow) = rate.multipliedReportingOverflow(by: milliseconds)
        return overflow ? UInt64.max / 1_000 : product / 1_000
    }

    static func packets(_ octets: UInt64) -> UInt64 {
        octets / packetSize + (octets % packetSize == 0 ? 0 : 1)
    }
}
