// swift-tools-version: 6.0
// The libFuzzer binaries of pexspec: one executable per target, each a single
// `LLVMFuzzerTestOneInput` that calls the target's body in the FuzzHarness module of the main
// package (where `swift test` calls it too). The <Name>Structured binaries take their hooks from
// Hooks/ and name their body and mutator in their main.swift.
//
// Build (from the repository root; `ci/fuzz` does this):
//   swift build --package-path FuzzTargets --sanitize=fuzzer --sanitize=address -Xswiftc -parse-as-library
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which depends on where the repository was
// cloned; products are looked up by that identity.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let mainIdentity = mainPackage.lastPathComponent.lowercased()

let targetNames = [
    "FuzzBencode",
    "FuzzExtendedHandshake",
    "FuzzUTPex",
    "FuzzAzureusPex",
    "FuzzAzureusHandshake",
    "FuzzPeerWireStream",
    "FuzzAzureusStream",
    "FuzzHandshake",
    "FuzzWireDecode",
    // Structure-aware variants: the same bodies with LLVMFuzzerCustomMutator (ci/fuzz --mutator custom),
    // kept where they reached more coverage (docs/structure-aware-fuzzing.md).
    "FuzzExtendedHandshakeStructured",
    "FuzzUTPexStructured",
    "FuzzAzureusPexStructured",
    "FuzzAzureusHandshakeStructured",
    "FuzzPeerWireStreamStructured",
    "FuzzAzureusStreamStructured",
]

let package = Package(
    name: "FuzzTargets",
    products: targetNames.map { .executable(name: $0, targets: [$0]) },
    dependencies: [
        .package(path: mainPackage.path),
    ],
    targets: targetNames.map {
        .executableTarget(
            name: $0,
            dependencies: [.product(name: "FuzzHarness", package: mainIdentity)] + ($0.hasSuffix("Structured") ? ["StructuredHooks"] : []),
            swiftSettings: [.swiftLanguageMode(.v6)])
    } + [
        // The libFuzzer hooks of the structured binaries, one file for all of them; outside
        // Sources/, whose every folder is a fuzz binary to the ci scripts.
        .target(
            name: "StructuredHooks",
            dependencies: [.product(name: "FuzzHarness", package: mainIdentity)],
            path: "Hooks",
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
