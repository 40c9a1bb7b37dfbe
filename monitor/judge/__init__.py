"""Deciding what an article is: relevance, copies, stories and developments."""
