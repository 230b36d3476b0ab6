import FuzzDriver
import Diameter

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzDiameter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    _ = try? DiameterFramer().inspect(bytes[...])
    guard let message = try? DiameterMessage(decoding: bytes) else { return 0 }
    // Padding content and a grouped AVP's missing final padding are accepted on input and
    // normalised on output, so the invariant is one round trip to a fixed point, not identity.
    let normalised = message.encode()
    guard let again = try? DiameterMessage(decoding: normalised) else {
        preconditionFailure("a re-encoded Diameter message must decode")
    }
    precondition(again.encode() == normalised, "encoding is a fixed point after one round trip")
    _ = try? SWxMultimediaAuthAnswer(message)
    // The Gy views: an OCS reads CCRs, the charging agent CCAs, RARs and ASRs.
    _ = try? CreditControlRequest(decoding: message)
    _ = try? CreditControlAnswer(decoding: message)
    _ = try? GyServerRequest(decoding: message)
    _ = message.resultCode
    _ = message.experimentalResultCode
    _ = DiameterDictionary.standard.unknownMandatoryAVPs(in: message)
    return 0
}

@_cdecl("fuzz_diameter_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzDiameter)
}
