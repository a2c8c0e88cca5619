"""What a company uses a ladder for: a team view, job descriptions, interview kits and
promotion cases."""
