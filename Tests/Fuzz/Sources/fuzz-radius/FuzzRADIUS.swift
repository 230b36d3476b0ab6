import FuzzDriver
import RADIUS

/// Decode, then exercise what a server does with a decoded packet: re-encode, verify with a
/// secret, reassemble EAP, read typed attributes. Any trap is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzRADIUS(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let packet = try? RADIUSPacket(decoding: bytes) else { return 0 }
    _ = try? packet.encode()
    _ = try? RADIUSPacket.verifyRequest(bytes, secret: Array("testing123".utf8), requireMessageAuthenticator: true)
    _ = packet.eapMessage
    _ = packet.userName
    _ = packet.calledStation
    _ = packet.callingStationMAC
    _ = try? packet.mppeKeys(secret: Array("testing123".utf8), requestAuthenticator: packet.authenticator)
    // What the accounting port and the Disconnect client read.
    _ = packet.acctStatusType
    _ = packet.acctInputTotalOctets
    _ = packet.acctOutputTotalOctets
    _ = packet.acctTerminateCause
    _ = packet.classes
    _ = packet.errorCause
    _ = try? RADIUSPacket.verifyResponse(bytes, secret: Array("testing123".utf8), requestAuthenticator: packet.authenticator)
    return 0
}

@_cdecl("fuzz_radius_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzRADIUS)
}
