"""The CLICS Contest API, both ways.

In: `reader` reads an event feed of any shape in use into the latest state of each
object, `reltime` its times, and `importer` turns a feed into domain events of a
`stages` contest. Out: `feed_writer` writes a contest's events as a 2023-06 event
feed, `contest_api` serves its objects and scoreboard from that feed, `awards`
names the winner and first solvers.
"""
