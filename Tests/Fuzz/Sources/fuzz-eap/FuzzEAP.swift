import FuzzDriver
import EAP

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzEAP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let packet = try? EAPPacket(decoding: bytes) else { return 0 }
    precondition(packet.encode() == bytes, "a decoded EAP packet re-encodes to its bytes")
    _ = packet.responseIdentity
    _ = packet.nakDesiredTypes
    return 0
}

@_cdecl("fuzz_eap_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzEAP)
}
