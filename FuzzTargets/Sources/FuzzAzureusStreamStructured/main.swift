import FuzzHarness
import StructuredHooks

// FuzzAzureusStream with the Azureus frame mutator (docs/structure-aware-fuzzing.md).
@_silgen_name("pexspecStructuredTarget")
public func structuredTarget() -> StructuredTarget { StructuredTarget(run: FuzzTargets.azureusStream, mutator: StructuredTargets.azureusStream) }
