"""How a process of ours runs as a system service, with no domain in it: the systemd notify
protocol (`notify`: READY, WATCHDOG, STOPPING, STATUS) and a crash file for faulthandler
(`crash`).

Standard library only, and nothing of the product: the hall server, the device host and the Qt
apps' shell (qtkit) all import it (tests/test_layers.py)."""
