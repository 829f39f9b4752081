"""Local areas, inspections, findings, weaknesses, the working-day calendar, deadline rules and milestones."""
