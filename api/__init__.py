"""Shopfloor: a private organising tool for workers' rank-and-file groups."""
