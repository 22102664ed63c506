import Testing
@Test func placeholderAzureusWireTests() { #expect(Bool(true)) }
