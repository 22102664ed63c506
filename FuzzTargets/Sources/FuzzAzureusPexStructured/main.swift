import FuzzHarness
import StructuredHooks

// FuzzAzureusPex with the bencode tree mutator and AZ_PEER_EXCHANGE's keys (docs/structure-aware-fuzzing.md).
@_silgen_name("pexspecStructuredTarget")
public func structuredTarget() -> StructuredTarget { StructuredTarget(run: FuzzTargets.azureusPex, mutator: StructuredTargets.azureusPex) }
