// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for Sift, kept in their own package so fuzz builds (with -sanitize=fuzzer,address)
// never touch the main build. Build and run with `scripts/fuzz TARGET SECONDS`.
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
        .executableTarget(name: "fuzz-io", dependencies: ["FuzzMain", .product(name: "SiftIO", package: "Sift")]),
        .executableTarget(name: "fuzz-notebook", dependencies: ["FuzzMain", .product(name: "SiftNotebook", package: "Sift")]),
    ],
    swiftLanguageModes: [.v5]
)
