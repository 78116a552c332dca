"""Offices the group elects people to, their terms, nominations, elections and recall."""
