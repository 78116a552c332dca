"""The contacts domain's routes, in this order: contacts, a contact's history, assessments
and the assessment scale."""

from __future__ import annotations

from fastapi import APIRouter

from api.contacts.assessment_routes import router as assessment_router
from api.contacts.contact_routes import router as contact_router
from api.contacts.history_routes import router as history_router

router = APIRouter()
router.include_router(contact_router)
router.include_router(history_router)
router.include_router(assessment_router)
