enum FuzzHarnessModule {}
