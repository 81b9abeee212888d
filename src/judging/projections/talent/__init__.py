"""The talent database: results, resumes, the craftsman leaderboard, capability."""
