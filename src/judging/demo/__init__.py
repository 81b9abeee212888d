"""`judging demo`: a simulated multi-venue contest with scripted referees."""
