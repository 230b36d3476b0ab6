// swift-tools-version:6.1
// libFuzzer targets, one per decoder. Not part of the main build: they link libFuzzer's main.
// Run: Tests/Fuzz/run-fuzzers [seconds-per-target]   (docs/fuzzing.md)
// `Shared` here is a symlink to the repository's Shared/ so the libraries are built with coverage.
import PackageDescription

let package = Package(
    name: "OpenTWAGFuzz",
    dependencies: [.package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2")],
    targets: [
        .target(name: "WireFormat", path: "Shared/WireFormat"),
        .target(
            name: "HashPrimitives", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/HashPrimitives"),
        .target(
            name: "RADIUS",
            dependencies: ["WireFormat", "HashPrimitives", .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/RADIUS"),
        .target(name: "EAP", dependencies: ["WireFormat"], path: "Shared/EAP"),
        .target(
            name: "EAPAKA",
            dependencies: [
                "WireFormat", "EAP", "HashPrimitives", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            path: "Shared/EAPAKA"),
        .target(name: "NAI", path: "Shared/NAI"),
        .target(name: "Diameter", dependencies: ["WireFormat"], path: "Shared/Diameter"),
        .target(name: "IPC", dependencies: ["WireFormat"], path: "Shared/IPC"),
        .target(name: "FuzzDriver"),
        .executableTarget(name: "fuzz-radius", dependencies: ["FuzzDriver", "RADIUS"]),
        .executableTarget(name: "fuzz-eap", dependencies: ["FuzzDriver", "EAP"]),
        .executableTarget(name: "fuzz-aka", dependencies: ["FuzzDriver", "EAPAKA", "EAP"]),
        .executableTarget(name: "fuzz-diameter", dependencies: ["FuzzDriver", "Diameter"]),
        .executableTarget(name: "fuzz-nai", dependencies: ["FuzzDriver", "NAI"]),
        .executableTarget(name: "fuzz-ipc", dependencies: ["FuzzDriver", "IPC"]),
    ]
)
