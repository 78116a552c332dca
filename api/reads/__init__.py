"""The read audit: who read whose records, when, and how many; its alerts and limits."""
