"""A throw-away PostgreSQL cluster for tests and benchmarks: the demo's own (hall_centre/pgcluster.py)."""
from hall_centre.pgcluster import free_port, postgres_cluster

__all__ = ["free_port", "postgres_cluster"]
