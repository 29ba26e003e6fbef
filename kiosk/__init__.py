"""Citizen self-service kiosk app (Qt Quick)."""
