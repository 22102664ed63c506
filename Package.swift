// swift-tools-version: 6.0
// pexspec: reference codecs, fuzz targets and a conformance suite for BitTorrent peer exchange.
//
// Layers, lowest first (a module imports only the layers below it):
//   WireCore            errors, warnings, parse mode, hex
//   WireJSON            an order-preserving JSON value, its reader and writer
//   Bencode             bencode decoder (tree and zero-copy), canonical encoder
//   PexModel            peer addresses, compact peer lists, flags, PEX limits, the dialect-neutral PEX update
//   PeerWire            BitTorrent handshake, framing, BEP 10, ut_pex
//   AzureusWire         Azureus framing, AZ_HANDSHAKE, AZ_PEER_EXCHANGE, BT_* messages
//   WireDecode          the `pexspec decode` contract: kinds and the JSON envelope
//   PexSession          the stateful PEX rules of one connection
//   Report              one result model (verdicts, cases, wire logs, runs) and its renderers: text, JSON, JUnit, HTML matrix
//   Conformance         transcripts, client profiles, the replay engine
//   Implementations     the implementation protocol: harness client, suite runner, differential fuzzing
//   Probe               live probing of a running client over TCP (swift-nio)
//   FuzzHarness         the bodies of the libFuzzer targets, also called by `swift test`
//   ClientFuzz          fuzzing a running client over TCP with FuzzHarness's mutators, on Probe's connections
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "pexspec",
    products: [
        .library(name: "Bencode", targets: ["Bencode"]),
        .library(name: "PexModel", targets: ["PexModel"]),
        .library(name: "PeerWire", targets: ["PeerWire"]),
        .library(name: "AzureusWire", targets: ["AzureusWire"]),
        .library(name: "WireDecode", targets: ["WireDecode"]),
        .library(name: "PexSession", targets: ["PexSession"]),
        .library(name: "Report", targets: ["Report"]),
        .library(name: "Conformance", targets: ["Conformance"]),
        .library(name: "FuzzHarness", targets: ["FuzzHarness"]),
        .executable(name: "pexspec", targets: ["pexspec"]),
        .executable(name: "pexspec-bench", targets: ["pexspec-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(name: "WireCore", swiftSettings: swiftSettings),
        .target(name: "WireJSON", swiftSettings: swiftSettings),
        .target(name: "Bencode", dependencies: ["WireCore"], swiftSettings: swiftSettings),
        .target(name: "PexModel", dependencies: ["WireCore", "Bencode"], swiftSettings: swiftSettings),
        .target(name: "PeerWire", dependencies: ["WireCore", "Bencode", "PexModel"], swiftSettings: swiftSettings),
        .target(name: "AzureusWire", dependencies: ["WireCore", "Bencode", "PexModel", "PeerWire"], swiftSettings: swiftSettings),
        .target(
            name: "WireDecode",
            dependencies: ["WireCore", "WireJSON", "Bencode", "PexModel", "PeerWire", "AzureusWire"],
            swiftSettings: swiftSettings),
        .target(name: "PexSession", dependencies: ["WireCore", "PexModel"], swiftSettings: swiftSettings),
        .target(name: "Report", dependencies: ["WireCore", "WireJSON"], swiftSettings: swiftSettings),
        .target(
            name: "Conformance",
            dependencies: ["WireCore", "WireJSON", "Bencode", "PexModel", "PeerWire", "AzureusWire", "WireDecode", "PexSession", "Report"],
            swiftSettings: swiftSettings),
        .target(
            name: "Implementations",
            dependencies: ["WireCore", "WireJSON", "Bencode", "WireDecode", "Report", "Conformance", "FuzzHarness"],
            swiftSettings: swiftSettings),
        .target(
            name: "Probe",
            dependencies: [
                "WireCore", "WireJSON", "Bencode", "PexModel", "PeerWire", "WireDecode", "Conformance", "Report",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "FuzzHarness",
            dependencies: ["WireCore", "WireJSON", "Bencode", "PexModel", "PeerWire", "AzureusWire", "WireDecode"],
            swiftSettings: swiftSettings),
        .target(
            name: "ClientFuzz",
            dependencies: [
                "WireCore", "WireJSON", "Bencode", "PexModel", "PeerWire", "AzureusWire", "WireDecode", "Conformance", "Probe", "FuzzHarness", "Report",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "pexspec",
            dependencies: [
                "WireCore", "WireJSON", "WireDecode", "Conformance", "Implementations", "Probe", "Report", "ClientFuzz",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "pexspec-bench",
            dependencies: ["WireCore", "Bencode", "PexModel", "PeerWire", "AzureusWire"],
            swiftSettings: swiftSettings),
        // The loader of Conformance/vectors, shared by the codec test targets.
        .target(name: "TestSupport", dependencies: ["WireCore", "WireJSON", "WireDecode"], path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "BencodeTests", dependencies: ["Bencode", "WireCore", "WireJSON", "WireDecode", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(name: "PeerWireTests", dependencies: ["PeerWire", "PexModel", "Bencode", "WireCore", "WireJSON", "WireDecode", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "AzureusWireTests", dependencies: ["AzureusWire", "PeerWire", "PexModel", "Bencode", "WireCore", "WireJSON", "WireDecode", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "PexSessionTests", dependencies: ["PexSession", "PexModel", "WireCore"], swiftSettings: swiftSettings),
        .testTarget(name: "ConformanceTests", dependencies: ["Conformance", "WireJSON", "WireDecode", "Report", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "ReportTests", dependencies: ["Report", "WireJSON"], swiftSettings: swiftSettings),
        .testTarget(name: "FuzzHarnessTests", dependencies: ["FuzzHarness"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ImplementationsTests", dependencies: ["Implementations", "Conformance", "Report", "WireDecode", "WireJSON", "WireCore"],
            exclude: ["Planted"], swiftSettings: swiftSettings),
        .testTarget(name: "CLITests", dependencies: ["WireJSON"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ClientFuzzTests",
            dependencies: ["ClientFuzz", "Probe", "Conformance", "Report", "PeerWire", "Bencode", "PexModel", "WireCore", "WireJSON", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ProbeTests",
            dependencies: ["Probe", "Conformance", "Report", "PeerWire", "Bencode", "WireCore", "WireJSON", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings),
    ]
)
