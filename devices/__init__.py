"""Device host: one process owning the machine's devices, one service per role."""
