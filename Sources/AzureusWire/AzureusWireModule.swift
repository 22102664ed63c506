enum AzureusWireModule {}
