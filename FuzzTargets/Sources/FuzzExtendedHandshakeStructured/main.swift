import FuzzHarness
import StructuredHooks

// FuzzExtendedHandshake with the bencode tree mutator and BEP 10's keys (docs/structure-aware-fuzzing.md).
@_silgen_name("pexspecStructuredTarget")
public func structuredTarget() -> StructuredTarget { StructuredTarget(run: FuzzTargets.extendedHandshake, mutator: StructuredTargets.extendedHandshake) }
