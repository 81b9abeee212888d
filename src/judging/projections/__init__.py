"""Read models: pure folds of the event log, and the runner that keeps them current."""
