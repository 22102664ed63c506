print("pexspec-bench: not built yet")
