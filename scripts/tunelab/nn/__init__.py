"""Neural networks (notebook Parts 6, 7, 8c, 8d): seeding, training, tuning, multi-seed runs."""
