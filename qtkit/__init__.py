"""Qt plumbing the apps share, with no domain in it: a keyed list model for QML (`rows`), work run
off the GUI thread with success and failure callbacks, a book of network requests in flight by id
(`requests`), the shell that starts and runs a window (`shell`), and a read-only Qt property typed as
what Python reads from it (`props`).

The kiosk and queue_display may import it; it imports nothing of the product (tests/test_layers.py)."""
