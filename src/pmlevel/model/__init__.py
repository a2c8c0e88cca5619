"""The level model (career ladder): its file format, the safe reader, validation, the cache,
and the validated model the rest of the program uses."""
