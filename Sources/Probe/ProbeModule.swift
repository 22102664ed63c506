enum ProbeModule {}
