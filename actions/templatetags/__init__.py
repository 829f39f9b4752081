"""Template tags that draw the plan's tables, ratings and charts in one go each."""
