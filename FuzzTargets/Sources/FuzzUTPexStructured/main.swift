import FuzzHarness
import StructuredHooks

// FuzzUTPex with the bencode tree mutator and ut_pex's keys (docs/structure-aware-fuzzing.md).
@_silgen_name("pexspecStructuredTarget")
public func structuredTarget() -> StructuredTarget { StructuredTarget(run: FuzzTargets.utPex, mutator: StructuredTargets.utPex) }
