"""Qt plumbing the apps share, with no domain in it: a keyed list model for QML, work run off the
GUI thread with success and failure callbacks, and the shell that starts and runs a window.

The kiosk and queue_display may import it; it imports nothing of the product (tests/test_layers.py)."""
