import FuzzHarness
import StructuredHooks

// FuzzAzureusHandshake with the bencode tree mutator and AZ_HANDSHAKE's keys (docs/structure-aware-fuzzing.md).
@_silgen_name("pexspecStructuredTarget")
public func structuredTarget() -> StructuredTarget { StructuredTarget(run: FuzzTargets.azureusHandshake, mutator: StructuredTargets.azureusHandshake) }
