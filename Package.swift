// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Faultline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "faultline", targets: ["faultline"]),
        .library(name: "FaultlineCore", targets: ["FaultlineCore"]),
        .library(name: "FaultlineProfiles", targets: ["FaultlineProfiles"]),
        .library(name: "FaultlineHistory", targets: ["FaultlineHistory"]),
        .library(name: "FaultlineChecker", targets: ["FaultlineChecker"]),
        .library(name: "FaultlineProxy", targets: ["FaultlineProxy"]),
        .library(name: "FaultlineControl", targets: ["FaultlineControl"]),
        .library(name: "FaultlineStore", targets: ["FaultlineStore"]),
        .library(name: "FaultlineLab", targets: ["FaultlineLab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(name: "FaultlineCore"),
        .systemLibrary(
            name: "CNetlink",
            pkgConfig: "libnl-route-3.0",
            providers: [.apt(["libnl-3-dev", "libnl-route-3-dev"])]
        ),
        .target(name: "FaultlineLab", dependencies: ["FaultlineCore", "CNetlink"]),
        .target(
            name: "FaultlineProfiles",
            dependencies: ["FaultlineCore", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "FaultlineHistory", dependencies: ["FaultlineCore"]),
        .target(name: "FaultlineChecker", dependencies: ["FaultlineCore", "FaultlineHistory"]),
        .target(
            name: "FaultlineProxy",
            dependencies: [
                "FaultlineCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .target(
            name: "FaultlineStore",
            dependencies: [
                "FaultlineCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "FaultlineHarness",
            dependencies: [
                "FaultlineCore",
                "FaultlineProfiles",
                "FaultlineHistory",
                "FaultlineChecker",
                "FaultlineProxy",
                "FaultlineStore",
                "FaultlineControl",
                "FaultlineLab",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "FaultlineControl",
            dependencies: [
                "FaultlineCore",
                "FaultlineProfiles",
                "FaultlineProxy",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "faultline",
            dependencies: [
                "FaultlineCore",
                "FaultlineProfiles",
                "FaultlineHistory",
                "FaultlineChecker",
                "FaultlineProxy",
                "FaultlineControl",
                "FaultlineStore",
                "FaultlineHarness",
                "FaultlineLab",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "BlockingSockets"),
        .executableTarget(
            name: "faultline-bench-proxy",
            dependencies: ["BlockingSockets", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Benchmarks/ProxyBenchmark"
        ),
        .executableTarget(
            name: "faultline-bench-checker",
            dependencies: ["FaultlineHistory", "FaultlineChecker"],
            path: "Benchmarks/CheckerBenchmark"
        ),
        .testTarget(name: "FaultlineCoreTests", dependencies: ["FaultlineCore"]),
        .testTarget(name: "FaultlineProfilesTests", dependencies: ["FaultlineProfiles"]),
        .testTarget(name: "FaultlineHistoryTests", dependencies: ["FaultlineHistory"]),
        .testTarget(name: "FaultlineCheckerTests", dependencies: ["FaultlineChecker", "FaultlineHistory"]),
        .testTarget(
            name: "FaultlineProxyTests",
            dependencies: [
                "FaultlineProxy",
                "FaultlineProfiles",
                "BlockingSockets",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "FaultlineHarnessTests",
            dependencies: ["FaultlineHarness", "FaultlineChecker", "FaultlineProxy", "FaultlineStore", "BlockingSockets", "faultline"]
        ),
        .testTarget(name: "FaultlineStoreTests", dependencies: ["FaultlineStore", "FaultlineProxy", "BlockingSockets"]),
        .testTarget(
            name: "FaultlineControlTests",
            dependencies: ["FaultlineControl", "FaultlineProxy", "BlockingSockets"],
            exclude: ["toxiproxy_client.py"]
        ),
        .testTarget(name: "FaultlineLabTests", dependencies: ["FaultlineLab", "BlockingSockets"]),
        .testTarget(name: "FaultlineCLITests", dependencies: ["faultline", "BlockingSockets"]),
    ],
    swiftLanguageModes: [.v6]
)
