"""Commands that import a letter, score the letter reader on real reports, and work out milestones from dates."""
