import Testing
@Test func placeholderFuzzHarnessTests() { #expect(Bool(true)) }
