"""The pure domain: contest definitions, rules, commands, events, decide and evolve.

Nothing here does I/O; it imports only the standard library and pydantic.
"""
