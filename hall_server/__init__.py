"""Central hall server: queue engine, events, REST + WebSocket API, storage."""
