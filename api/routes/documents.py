"""Ingest: a document in, what was extracted and what changed in the graph out (API key required)."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from pydantic import BaseModel, Field

from foedus.api.deps import DriverDep, SettingsDep, require_api_key
from foedus.graph.writer import write_extraction
from foedus.ingest import extract
from foedus.loaders.model import SourceDocument
from foedus.loaders.readers import DocumentError, iter_documents, read_text

router = APIRouter(prefix="/documents", tags=["ingest"], dependencies=[Depends(require_api_key)])


class DocumentIn(BaseModel):
    text: str = Field(min_length=1, examples=["Rabat and Paris signed a defence cooperation roadmap on 3 March 2025."])
    title: str | None = None
    published: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                  description="publication date (ISO); it wins over the text's dateline and "
                                              "anchors the text's relative and year-less dates")
    language: str | None = Field(default=None, pattern="^(ar|fr|en)$")
    source: str | None = Field(default=None, max_length=2000)


class IngestOut(BaseModel):
    document: str
    skipped: bool = Field(description="true when this exact text was already loaded")
    entities_created: int
    entities_merged: int
    facts_created: int
    facts_confirmed: int
    extraction: dict[str, Any]


def _ingest(driver, settings, document: SourceDocument) -> IngestOut:
    extraction = extract(document)
    summary = write_extraction(driver, extraction, database=settings.neo4j_database)
    return IngestOut(document=summary.document, skipped=summary.skipped, entities_created=summary.entities_created,
                     entities_merged=summary.entities_merged, facts_created=summary.facts_created,
                     facts_confirmed=summary.facts_confirmed, extraction=extraction.to_json())


def _check_size(request: Request, limit: int) -> None:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise HTTPException(413, f"the document is larger than the limit of {limit} bytes")


@router.post("", response_model=IngestOut, summary="Ingest a document (JSON)",
             responses={401: {"description": "missing or wrong API key"}, 403: {"description": "writes are off"},
                        413: {"description": "too large"}, 422: {"description": "not a readable document"}})
def ingest_json(body: DocumentIn, request: Request, driver: DriverDep, settings: SettingsDep) -> IngestOut:
    """Extract a document's entities and facts and write them, in one transaction."""
    _check_size(request, settings.max_upload_bytes)
    if len(body.text.encode()) > settings.max_upload_bytes:
        raise HTTPException(413, f"the document is larger than the limit of {settings.max_upload_bytes} bytes")
    try:
        document = read_text(body.text.encode(), source=body.source)
    except DocumentError as exc:
        raise HTTPException(422, str(exc)) from None
    document.title = body.title or document.title
    if body.published:
        document.published, document.published_from = body.published, "given"
    document.language = body.language
    return _ingest(driver, settings, document)


@router.post("/upload", response_model=IngestOut, summary="Ingest a document (file upload)",
             responses={401: {"description": "missing or wrong API key"}, 403: {"description": "writes are off"},
                        413: {"description": "too large"}, 422: {"description": "not a readable document"}})
def ingest_file(request: Request, driver: DriverDep, settings: SettingsDep,
                file: Annotated[UploadFile, File(description="a text document")],
                published: Annotated[str | None, Form(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None) -> IngestOut:
    """Same as `POST /documents`, with the document as an uploaded file."""
    _check_size(request, settings.max_upload_bytes)
    data = file.file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise HTTPException(413, f"the document is larger than the limit of {settings.max_upload_bytes} bytes")
    documents = list(iter_documents(data, file.filename or "upload.txt"))
    errors = [d for d in documents if isinstance(d, DocumentError)]
    if errors or len(documents) != 1:
        reason = str(errors[0]) if errors else "an upload holds exactly one document (text, HTML or PDF)"
        raise HTTPException(422, reason)
    document = documents[0]
    assert isinstance(document, SourceDocument)
    if published:
        document.published, document.published_from = published, "given"
    return _ingest(driver, settings, document)
