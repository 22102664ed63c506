// The stateful PEX rules of one connection: see PexSession.swift once built.
enum PexSessionModule {}
