"""The review layer: a SQLite store of documents, human overrides, audit events and sign-offs, and
the pure functions that apply a reviewer's overrides to the policy's plan. Knows nothing of Streamlit."""

from redactor.review.apply import ReviewItem, Reviewed, apply_overrides, occurrences
from redactor.review.export import ExportBundle, export_bundle
from redactor.review.paths import default_db_path
from redactor.review.records import AuditEvent, MentionKey, Override, SignOff, StoredDocument
from redactor.review.session import (ReviewError, ReviewSession, SignOffRequired, SwitchEffect, describe,
                                     open_document, plan_digest, policy_switch_effect, switch_policy)
from redactor.review.signoff import Concern, second_look
from redactor.review.store import ReviewStore, StoreError
from redactor.review.upload import document_from_upload

__all__ = [
    "AuditEvent", "Concern", "ExportBundle", "MentionKey", "Override", "ReviewError", "ReviewItem", "ReviewSession",
    "ReviewStore", "Reviewed", "SignOff", "SignOffRequired", "StoreError", "StoredDocument",
    "apply_overrides", "default_db_path", "describe", "document_from_upload", "export_bundle",
    "occurrences", "open_document", "plan_digest", "policy_switch_effect", "second_look", "switch_policy",
    "SwitchEffect",
]
