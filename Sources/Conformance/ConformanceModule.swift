enum ConformanceModule {}
