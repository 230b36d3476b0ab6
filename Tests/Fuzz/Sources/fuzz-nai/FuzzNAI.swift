import FuzzDriver
import NAI

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzNAI(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    guard let nai = try? NAI(bytes: bytes) else { return 0 }
    _ = nai.threeGPPRealm
    _ = try? nai.undecorated()
    _ = nai.kind
    return 0
}

@_cdecl("fuzz_nai_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzNAI)
}
