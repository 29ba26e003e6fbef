"""The queue engine's parts, each with a public API the others call (hall_server.engine composes them).

core: refusals, principals, shared constants; writer: the one writer, its transactions and hot
statements; days: the business day's turnover and settings stored by another instance; waiting:
calling order, people ahead and wait estimates; tickets: issuing and the ticket's life outside a
window; windows: a window and the tickets at it; leases: number blocks for offline kiosks;
appointments: appointments and the kiosks' lookup keys.
"""
