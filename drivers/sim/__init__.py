"""Simulators that speak the real wire protocols of the devices they stand for."""
