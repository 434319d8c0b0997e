// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for Sift, kept in their own package so fuzz builds (with -sanitize=fuzzer,address)
// never touch the main build. Build and run with `scripts/fuzz TARGET SECONDS`.
//
// NotebookShim: the root package does not (yet) export SiftNotebook as a product, so the two
// self-contained files the notebook fuzzer needs are symlinked into a local target. When the root
// package exposes a `SiftNotebook` library product, depend on it instead and delete the shim.
let package = Package(
    name: "SiftFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Sift", path: ".."),
    ],
    targets: [
        // libFuzzer's driver behind SwiftPM's renamed entry points (see FuzzMain.c).
        .target(name: "FuzzMain"),
        .executableTarget(name: "fuzz-language", dependencies: ["FuzzMain", .product(name: "SiftRuntime", package: "Sift")]),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzMain", .product(name: "SiftRuntime", package: "Sift")]),
        .target(name: "NotebookShim"),
        .executableTarget(name: "fuzz-notebook", dependencies: ["FuzzMain", "NotebookShim"]),
    ],
    swiftLanguageModes: [.v5]
)
