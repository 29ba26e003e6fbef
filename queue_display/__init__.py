"""Hall call-number display, window staff terminal and manager console."""
