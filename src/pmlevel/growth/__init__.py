"""Growing from one assessment to the next: whose results, plans, progress, merging raters,
the check-in (``agree``) and the review reminder."""
