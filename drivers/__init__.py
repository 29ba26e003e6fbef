"""Wire protocols, transports and simulators of the hall's devices. No Qt here."""
