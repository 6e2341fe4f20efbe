// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Faultline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "faultline", targets: ["faultline"]),
        .library(name: "FaultlineCore", targets: ["FaultlineCore"]),
        .library(name: "FaultlineProfiles", targets: ["FaultlineProfiles"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "FaultlineCore"),
        .target(
            name: "FaultlineProfiles",
            dependencies: ["FaultlineCore", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "faultline",
            dependencies: [
                "FaultlineCore",
                "FaultlineProfiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FaultlineCoreTests", dependencies: ["FaultlineCore"]),
        .testTarget(name: "FaultlineProfilesTests", dependencies: ["FaultlineProfiles"]),
        .testTarget(name: "FaultlineCLITests", dependencies: ["faultline"]),
    ],
    swiftLanguageModes: [.v6]
)
