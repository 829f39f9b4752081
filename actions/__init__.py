"""The action plan: plans, strands, subgroups, actions, progress updates, rating events, impact measures, reminders."""
