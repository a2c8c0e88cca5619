"""What pmlevel keeps on disk: the SQLite history, atomic writes and private (0600) files."""
