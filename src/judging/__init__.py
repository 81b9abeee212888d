"""A real-time competition judging engine built on an append-only event log."""

__version__ = "0.1.0"
