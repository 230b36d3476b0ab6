import FuzzDriver
import EAP
import EAPAKA

private let kAut = [UInt8](repeating: 0x42, count: 32)
private let kEncr = [UInt8](repeating: 0x24, count: 16)

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzAKA(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    _ = AKAMAC.verify(method: .akaPrime, kAut: kAut, packet: bytes)
    guard let message = try? AKAMessage(decoding: bytes) else { return 0 }
    _ = try? message.encode()
    if let iv = message.iv, let encrypted = message.encrData {
        _ = try? AKAEncryptedData.decrypt(encrypted, kEncr: kEncr, iv: iv)
    }
    return 0
}

@_cdecl("fuzz_aka_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzAKA)
}
