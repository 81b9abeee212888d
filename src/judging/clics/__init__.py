"""Import of CLICS Contest API event feeds (ICPC-style contests) as `stages` contests.

`feed` reads the ndjson event feed into the latest state of each object, `reltime`
parses its times, and `importer` turns a feed into domain events.
"""
