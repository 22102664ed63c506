import Testing
@Test func placeholderPexSessionTests() { #expect(Bool(true)) }
