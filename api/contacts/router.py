"""Contacts, a contact's history, assessments and the assessment scale: the domain's routes in
order (HTTP only)."""

from __future__ import annotations

from fastapi import APIRouter

from api.contacts.routers import assessments, contacts, history, saved_filters

router = APIRouter()
for resource in (contacts, history, assessments, saved_filters):
    router.include_router(resource.router)
