"""The notebook reproduction: its demos, its Part 3 runs and the parity table."""
