// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "StanceKit",
    products: [
        .library(name: "StanceKit", targets: ["StanceKit"]),
        .library(name: "StanceKitXML", targets: ["StanceKitXML"]),
        .executable(name: "stancekit", targets: ["stancekit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure Swift: document model, rule file, engine. No C.
        .target(
            name: "StanceKit",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // libxml2, imported by StanceKitXML only.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Writers, readers and schema validation of XML.
        .target(
            name: "StanceKitXML",
            dependencies: ["StanceKit", "CLibXML2"]
        ),
        // The command-line tool: the only importer of swift-argument-parser.
        .executableTarget(
            name: "stancekit",
            dependencies: [
                "StanceKit",
                "StanceKitXML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "StanceKitTests",
            dependencies: ["StanceKit"]
        ),
        .testTarget(
            name: "StanceKitXMLTests",
            dependencies: ["StanceKit", "StanceKitXML", "stancekit"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets, declared only for fuzzing builds (they have no main of their own):
//   STANCEKIT_FUZZ=1 swift build --product FuzzRuleParser -Xswiftc -sanitize=fuzzer,address \
//     -Xswiftc -parse-as-library --scratch-path .build-fuzz      (see Fuzz/README.md)
if ProcessInfo.processInfo.environment["STANCEKIT_FUZZ"] != nil {
    package.targets += [
        .target(name: "FuzzDriver", path: "Fuzz/Driver"),
        .executableTarget(name: "FuzzRuleParser", dependencies: ["FuzzDriver", "StanceKit"], path: "Fuzz/RuleParser"),
        .executableTarget(name: "FuzzEngine", dependencies: ["FuzzDriver", "StanceKit"], path: "Fuzz/Engine"),
        .executableTarget(name: "FuzzXMLReader", dependencies: ["FuzzDriver", "StanceKitXML"], path: "Fuzz/XMLReader"),
    ]
}
