"""A subject access bundle as files: the JSON, a readable HTML document, or a zip of both.

The HTML document is self-contained (no script, no external asset: its one stylesheet is
inline and allowed by its hash in a strict Content-Security-Policy), printable, and every
value in it is escaped, so a record holding markup shows it as text. It follows the bundle's
sections, so a new section appears without touching this module.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from datetime import datetime
from enum import StrEnum
from html import escape
from typing import Any

import orjson

from api.exports.schemas import SubjectAccessBundle
from api.exports.subject_access import SECTIONS


class BundleFormat(StrEnum):
    zip = "zip"
    html = "html"
    json = "json"


MEDIA_TYPES = {
    BundleFormat.zip: "application/zip",
    BundleFormat.html: "text/html; charset=utf-8",
    BundleFormat.json: "application/json",
}

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; color: #111; margin: 2rem auto; max-width: 60rem;
  padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #333; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: #eee; width: 14rem; font-weight: 600; }
td table { margin: 0; }
.note { color: #444; }
.empty { color: #555; font-style: italic; }
@media print { body { margin: 0; max-width: none; } section { break-inside: avoid-page; }
  th { background: none; } }
"""
STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'; base-uri 'none'; form-action 'none'"
)


def filename(bundle: SubjectAccessBundle, file_format: BundleFormat) -> str:
    return f"subject-access-{bundle.contact.id}-{bundle.generated_at:%Y-%m-%d}.{file_format.value}"


def as_json(bundle: SubjectAccessBundle) -> bytes:
    return orjson.dumps(bundle.model_dump(mode="json"), option=orjson.OPT_INDENT_2)


def _label(key: str) -> str:
    return escape(key.replace("_", " ").capitalize())


def _value(value: Any) -> str:
    """A value as escaped HTML: nested objects as tables, lists of words joined."""
    if value is None or value == [] or value == {}:
        return '<span class="empty">none</span>'
    if isinstance(value, dict):
        return _table(value)
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return escape(", ".join(str(item) for item in value))
        return "".join(_value(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return escape(str(value))


def _table(values: dict[str, Any]) -> str:
    rows = "".join(
        f'<tr><th scope="row">{_label(key)}</th><td>{_value(value)}</td></tr>'
        for key, value in values.items()
    )
    return f"<table>{rows}</table>"


def as_html(bundle: SubjectAccessBundle) -> str:
    data = bundle.model_dump(mode="json")
    name = escape(bundle.contact.full_name)
    sections = []
    for section in SECTIONS:
        items = data[section.key]
        body = (
            "".join(_table(item) for item in items)
            if items
            else '<p class="empty">Nothing held.</p>'
        )
        sections.append(
            f'<section aria-labelledby="{section.key}"><h2 id="{section.key}">'
            f"{escape(section.title)} ({len(items)})</h2>{body}</section>"
        )
    return (
        "<!doctype html>"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>Subject access: {name}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>Everything {escape(bundle.group_name)} holds about {name}</h1>"
        f'<p class="note">Requested by {escape(bundle.requested_by)} on '
        f"{_moment(bundle.generated_at)}. This document holds personal data: keep it safe "
        "and give it only to the person it is about.</p></header>"
        f'<main><section aria-labelledby="record"><h2 id="record">Their record</h2>'
        f"{_table(data['contact'])}</section>{''.join(sections)}</main></body></html>"
    )


def _moment(at: datetime) -> str:
    return escape(at.strftime("%d %B %Y at %H:%M UTC"))


def as_zip(bundle: SubjectAccessBundle) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(filename(bundle, BundleFormat.json), as_json(bundle))
        archive.writestr(filename(bundle, BundleFormat.html), as_html(bundle))
    return out.getvalue()


def render(bundle: SubjectAccessBundle, file_format: BundleFormat) -> bytes:
    if file_format is BundleFormat.zip:
        return as_zip(bundle)
    if file_format is BundleFormat.html:
        return as_html(bundle).encode()
    return as_json(bundle)
