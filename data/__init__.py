"""Sample data: the deterministic generator and the name pools it draws from."""
