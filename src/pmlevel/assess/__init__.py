"""Assessing one person: the questions, answers files, the estimation rule, the result, and
the assessment as a service."""
