// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: sift → SiftRuntime → SiftLanguage / SiftRender → SiftFrame.

/// How the executables are linked on Linux: with lld and packed relative relocations (RELR), so
/// the loader patches ~70,000 pointers from a 14 KB table instead of reading a 1.6 MB one at
/// every start. That is ~1.3 MB less resident memory per process (measured on `sift`; the
/// gRPC client for Spark Connect brings most of those pointers) and a faster start. lld ships
/// with the Swift toolchain; glibc >= 2.36 applies RELR.
let executableLinking: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(platforms: [.linux])),
]

let package = Package(
    name: "Sift",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sift", targets: ["sift"]),
        .library(name: "SiftRuntime", targets: ["SiftRuntime"]),
        // For the fuzz package's notebook target.
        .library(name: "SiftNotebook", targets: ["SiftNotebook"]),
        // For the fuzz package's file-format target.
        .library(name: "SiftIO", targets: ["SiftIO"]),
        // The Jupyter kernel is its own executable so plain `sift` never loads libzmq.
        .executable(name: "sift-kernel", targets: ["sift-kernel"]),
        .executable(name: "sift-kernel-launch", targets: ["sift-kernel-launch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Spark Connect only (target SiftSparkConnect, linked by the executables and its tests).
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // Columns, frames, verbs, CSV reader/writer, type inference.
        .target(name: "SiftFrame", dependencies: ["CSiftScan"]),
        // The CSV scanner's SSE2 byte-class masks (a static inline header).
        .target(name: "CSiftScan"),
        // zlib, zstd, snappy, lz4 and brotli from Debian (zlib1g-dev, libzstd-dev, libsnappy-dev,
        // liblz4-dev, libbrotli-dev) behind a C shim.
        .target(name: "CSiftCompression", linkerSettings: [.linkedLibrary("z"), .linkedLibrary("zstd"), .linkedLibrary("snappy"),
                                                           .linkedLibrary("lz4"), .linkedLibrary("brotlidec")]),
        // dlopen for optional system libraries, so they are mapped only by runs that use them.
        .target(name: "CSiftLazyLibrary", linkerSettings: [.linkedLibrary("dl")]),
        // libcurl (headers from Debian's libcurl4-openssl-dev): one blocking GET with timeouts, for
        // http(s) inputs; opened on first use (http.c says why), so nothing links it.
        .target(name: "CSiftHTTP", dependencies: ["CSiftLazyLibrary"]),
        // Sources and sinks: the TableSource interface, CSV/Parquet/Excel/JSON, gzip/zstd, URLs, stdin.
        .target(name: "SiftIO", dependencies: ["SiftFrame", "CSiftCompression", "CSiftHTTP"]),
        // The logical plan between the language and the engine: typed verb nodes, schemas known
        // before running, the binder's checks, optimizer rules (one per file) and explain.
        .target(name: "SiftPlan", dependencies: ["SiftLanguage", "SiftFrame"]),
        // SQL engines: the engine protocol and driver registry, the plan → SQL compiler and its
        // dialects (PostgreSQL, SQLite, Spark SQL). Drivers live in targets of their own.
        .target(name: "SiftSQL", dependencies: ["SiftPlan", "SiftLanguage", "SiftFrame"]),
        // The Spark Connect driver (`sc://host:port`): gRPC + protobuf, messages generated once from
        // Proto/ (scripts/generate-spark-proto) and committed; results arrive as Arrow IPC streams.
        // Only the executables and its tests link it, so the core builds without gRPC.
        .target(name: "SiftSparkConnect", dependencies: [
            "SiftSQL", "SiftIO", "SiftFrame",
            .product(name: "GRPCCore", package: "grpc-swift-2"),
            .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
            .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ], exclude: ["Proto"]),
        // SQLite from Debian's libsqlite3-dev: the `sqlite:` driver.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "SiftSQLite", dependencies: ["SiftSQL", "SiftFrame", "CSQLite"]),
        // libpq (PostgreSQL's own client: protocol, TLS, SCRAM, ~/.pgpass): headers from Debian's
        // libpq-dev; the library is opened on first use (Sources/CLibPQ/include/CLibPQ.h says
        // why), so nothing links it.
        .target(name: "CLibPQ", dependencies: ["CSiftLazyLibrary"]),
        // The PostgreSQL driver: an `SQLEngine` over libpq, binary results decoded into columns, COPY uploads.
        .target(name: "SiftPostgres", dependencies: ["SiftSQL", "SiftFrame", "CLibPQ"]),
        // Terminal and Markdown tables.
        .target(name: "SiftRender", dependencies: ["SiftFrame"]),
        // Source locations, lexer, parser, AST, values, interpreter, diagnostics.
        .target(name: "SiftLanguage", dependencies: ["SiftFrame"]),
        // Text data compiled into the binary (jieba dictionary and HMM, VADER lexicon, stop words).
        .target(name: "CSiftTextData", exclude: ["data"]),
        // Tokenizers (Chinese segmentation too), vectorizers, sentiment, text classifiers, LDA, similarity.
        .target(name: "SiftText", dependencies: ["SiftFrame", "CSiftTextData"]),
        // Formulas, regression, classification, clustering, recommenders, metrics, tests.
        .target(name: "SiftModels", dependencies: ["SiftFrame"]),
        // The session: builtin registry, verbs bound to the language, stdlib loader.
        // stdlib/*.sift is compiled in (Session/EmbeddedStdlib.swift, written by scripts/embed-stdlib;
        // a test fails when it is stale), so a copied binary has it.
        .target(name: "SiftRuntime", dependencies: ["SiftLanguage", "SiftPlan", "SiftSQL", "SiftSQLite", "SiftPostgres", "SiftFrame", "SiftRender", "SiftModels", "SiftText", "SiftIO"]),
        // Markdown and .ipynb notebooks: parsing, running, parameters, reports, regression checks.
        .target(name: "SiftNotebook", dependencies: ["SiftRuntime", "SiftLanguage", "SiftFrame", "SiftRender", "CCmarkGFM"]),
        // GitHub's own CommonMark/GFM renderer from Debian (libcmark-gfm-dev with the extensions
        // package: tables, strikethrough, autolinks), for the HTML report's prose.
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        // libedit from Debian's libedit-dev, for line editing and history.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The interactive shell: line editor, completion, history, meta-commands.
        .target(name: "SiftREPL", dependencies: ["SiftRuntime", "SiftLanguage", "SiftFrame", "SiftNotebook", "CLibEdit"]),
        // Argument parsing only.
        .executableTarget(name: "sift", dependencies: [
            "SiftRuntime", "SiftREPL", "SiftNotebook", "SiftSparkConnect", "SiftSQL",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: executableLinking),
        // ZeroMQ and libsodium from Debian's libzmq3-dev (which pulls libsodium-dev in).
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        // The Jupyter kernel (messaging protocol 5.3): sockets, signing, execution, introspection.
        .target(name: "SiftKernel", dependencies: ["SiftRuntime", "SiftLanguage", "SiftFrame", "SiftRender", "SiftNotebook", "SiftREPL", "CZeroMQ"]),
        // `sift-kernel CONNECTION_FILE` and `sift-kernel install`; `sift kernel …` execs it.
        .executableTarget(name: "sift-kernel", dependencies: ["SiftKernel", "SiftSparkConnect", "SiftSQL"],
                          linkerSettings: executableLinking),
        // kernel.json's command: a libc-only C program that binds the kernel's ports within a
        // millisecond of launch, then execs sift-kernel with them (see its main.c for why).
        .executableTarget(name: "sift-kernel-launch"),
        .testTarget(name: "SiftFrameTests", dependencies: ["SiftFrame"]),
        .testTarget(name: "SiftRenderTests", dependencies: ["SiftRender"]),
        .testTarget(name: "SiftIOTests", dependencies: ["SiftIO", "SiftFrame"]),
        .testTarget(name: "SiftModelsTests", dependencies: ["SiftModels", "SiftRuntime"]),
        .testTarget(name: "SiftTextTests", dependencies: ["SiftText", "SiftRuntime"], exclude: ["Fixtures"]),
        .testTarget(name: "SiftLanguageTests", dependencies: ["SiftLanguage"]),
        .testTarget(name: "SiftRuntimeTests", dependencies: ["SiftRuntime"]),
        .testTarget(name: "SiftPlanTests", dependencies: ["SiftPlan", "SiftLanguage", "SiftRuntime"]),
        // The SQL compiler and drivers against local results; engines are opened by URL through
        // the registry, so this target needs no gRPC.
        .testTarget(name: "SiftSQLTests", dependencies: ["SiftSparkConnect", "SiftSQL", "SiftSQLite", "SiftRuntime", "SiftLanguage", "SiftFrame"]),
        .testTarget(name: "SiftNotebookTests", dependencies: ["SiftNotebook", "SiftRuntime"]),
        .testTarget(name: "SiftREPLTests", dependencies: ["SiftREPL", "SiftRuntime", "SiftNotebook"]),
        .testTarget(name: "SiftCLITests", dependencies: []),
        .testTarget(name: "SiftPostgresTests", dependencies: ["SiftPostgres", "SiftSQL", "SiftFrame", "SiftRuntime"]),
        .testTarget(name: "SiftKernelTests", dependencies: ["SiftKernel", "SiftRuntime"]),
        .testTarget(name: "SiftSparkConnectTests", dependencies: ["SiftSparkConnect", "SiftSQL", "SiftIO", "SiftFrame", "SiftRuntime"]),
    ],
    swiftLanguageModes: [.v5]
)
