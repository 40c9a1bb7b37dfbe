"""Getting entries and pages.

Fetch, parse, entry identity, aggregator links, discovery, extraction, the polling schedule.
"""
