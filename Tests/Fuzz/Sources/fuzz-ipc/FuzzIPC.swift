import FuzzDriver
import IPC

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzIPC(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    _ = try? IPCFrame.frameSize(atStartOf: bytes[...])
    guard let frame = try? IPCFrame(decoding: bytes) else { return 0 }
    precondition(frame.encoded() == bytes, "a decoded IPC frame re-encodes to its bytes")
    _ = try? frame.string(.userName)
    _ = try? frame.uint32(.framedMTU)
    _ = try? IPCDisconnectRequest(frame: frame)
    _ = try? IPCDisconnectOutcome(frame: frame)
    _ = try? IPCChargingAuthorize(frame: frame)
    _ = try? IPCChargingResult(frame: frame)
    return 0
}

@_cdecl("fuzz_ipc_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzIPC)
}
