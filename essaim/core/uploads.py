"""Private uploads: check what a file really is, store it unguessably, serve it safely.

Forms call `validate_upload`; models build their `upload_to` with `safe_filename` and
`private_upload_path`; views call `private_file_response` only after the policy allowed it.
"""

import math
import re
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from typing import NamedTuple

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.text import slugify


class FileType(NamedTuple):
    label: str
    extension: str


PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"

ALLOWED_TYPES: dict[str, FileType] = {
    PDF: FileType("PDF", "pdf"),
    PNG: FileType("Image PNG", "png"),
    JPEG: FileType("Image JPEG", "jpg"),
    ODT: FileType("Texte OpenDocument", "odt"),
    ODS: FileType("Tableur OpenDocument", "ods"),
    DOCX: FileType("Document Word", "docx"),
    XLSX: FileType("Classeur Excel", "xlsx"),
}
# Families, as people name them, for the refusal message.
ACCEPTED_TYPES_TEXT = "PDF, PNG, JPEG, OpenDocument, Word, Excel"

# Extensions a name may carry for an allowed type: a mismatch with the content means a disguise.
CLAIMED_EXTENSIONS = {file_type.extension for file_type in ALLOWED_TYPES.values()} | {"jpeg"}
MIME_BY_EXTENSION = {file_type.extension: mime for mime, file_type in ALLOWED_TYPES.items()}

# OOXML and ODF are zip archives: filetype names them only when the telling member comes first.
ZIP_FAMILY = {ZIP, ODT, ODS, DOCX, XLSX}
ODF_TYPES = {ODT, ODS}
SNIFF_BYTES = 8192
SLUG_MAX_LENGTH = 60
FALLBACK_NAME = "document"

# Office documents are zip archives: what they inflate to is checked before anyone opens them
# (a "zip bomb" of a few Ko can inflate to gigabytes). Real documents stay far below these.
ZIP_MAX_INFLATED_BYTES = 50 * 1024 * 1024
ZIP_MAX_MEMBERS = 1000
ZIP_MAX_RATIO = 100
# Small members may compress very well (repetitive XML) without harming anyone.
ZIP_RATIO_MIN_BYTES = 1024 * 1024

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# No settings change needed: projects that want another limit set UPLOAD_MAX_BYTES.
MAX_UPLOAD_BYTES = getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_upload_bytes() -> int:
    # Read at call time, unlike MAX_UPLOAD_BYTES, so override_settings and tests apply.
    return getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


@dataclass(frozen=True)
class UploadCheck:
    mime_type: str
    extension: str
    size: int
    safe_name: str

    @property
    def label(self) -> str:
        return ALLOWED_TYPES[self.mime_type].label


def validate_upload(uploaded_file) -> UploadCheck:
    """Check an uploaded file by its content; raise ValidationError in French when refused."""
    name = uploaded_file.name or ""
    if not _base_name(name) or "\x00" in name:
        raise ValidationError(
            "Le nom de ce fichier est inutilisable : renommez-le puis envoyez-le à nouveau.",
            code="invalid_name",
        )
    size = uploaded_file.size or 0
    if size <= 0:
        raise ValidationError("Le fichier est vide.", code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            "Le fichier pèse %(size)s ; la limite est de %(limit)s.",
            code="too_large",
            params={"size": format_size(size, round_up=True), "limit": format_size(limit)},
        )

    try:
        mime_type = _detect_mime_type(uploaded_file)
    finally:
        # The form, then the storage, read the file again from its start.
        uploaded_file.seek(0)
    if mime_type is None:
        raise ValidationError("Le fichier est vide.", code="empty")
    if mime_type not in ALLOWED_TYPES:
        message = "Ce fichier n'est pas d'un type accepté (%(accepted)s)."
        if _extension(name) in CLAIMED_EXTENSIONS:
            message += " Son contenu ne correspond pas à son nom."
        raise ValidationError(
            message, code="type_not_allowed", params={"accepted": ACCEPTED_TYPES_TEXT}
        )

    extension = ALLOWED_TYPES[mime_type].extension
    return UploadCheck(
        mime_type=mime_type,
        extension=extension,
        size=size,
        safe_name=safe_filename(name, extension),
    )


def safe_filename(original_name: str, extension: str) -> str:
    """A readable, harmless name: slug of the base name plus the extension of the real type."""
    stem = _base_name(original_name or "")
    if "." in stem.lstrip("."):
        stem = stem.rsplit(".", 1)[0]
    slug = slugify(stem)[:SLUG_MAX_LENGTH].strip("-_") or FALLBACK_NAME
    extension = extension.lower().lstrip(".")
    if not extension.isalnum():
        raise ValueError(f"Unexpected extension: {extension!r}")
    return f"{slug}.{extension}"


def private_upload_path(prefix: str, safe_name: str) -> str:
    """`prefix/yyyy/mm/<uuid4 hex>/safe_name`: no collision, and no path anyone can guess."""
    prefix = prefix.strip("/")
    if not prefix or ".." in prefix.split("/") or "\\" in prefix:
        raise ValueError(f"Unexpected upload prefix: {prefix!r}")
    if safe_name in {"", ".", ".."} or "/" in safe_name or "\\" in safe_name:
        raise ValueError(f"Pass a name from safe_filename(), not {safe_name!r}")
    now = timezone.now()
    return f"{prefix}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}/{safe_name}"


def private_file_response(field_file, *, download_name: str) -> FileResponse:
    """Send a stored file (a model's FieldFile) as a download the browser will not render.

    Call it only after the policy allowed the request: it checks nothing about the user.
    """
    if not field_file:
        raise Http404
    try:
        opened = field_file.open("rb")
    except FileNotFoundError:
        # The row outlived its file: answer as for a missing document, not with a server error.
        raise Http404 from None
    # The type comes from our own extension (set from the content at upload), never from guessing.
    content_type = MIME_BY_EXTENSION.get(_extension(download_name), "application/octet-stream")
    response = FileResponse(
        opened, as_attachment=True, filename=download_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


def format_size(num_bytes: int, *, round_up: bool = False) -> str:
    """French size: "10 Mo", "200,0 Mo"; round_up so a file over the limit never reads as equal."""
    if num_bytes < 1024:
        return f"{num_bytes} octets"
    value = float(num_bytes)
    for unit in ("Ko", "Mo", "Go"):
        value /= 1024
        if value < 1024 or unit == "Go":
            break
    if not round_up and value.is_integer():
        return f"{int(value)} {unit}"
    if round_up:
        # round() first: float noise (3.0000000000000004) must not add a tenth.
        value = math.ceil(round(value * 10, 6)) / 10
    return f"{value:.1f} {unit}".replace(".", ",")


def _thousands(number: int) -> str:
    # French groups digits with a narrow no-break space: "1 000".
    return f"{number:,}".replace(",", "\u202f")


def _base_name(name: str) -> str:
    # Browsers on Windows may send a full path; "." and ".." are no names at all.
    base = re.split(r"[/\\]", name)[-1].strip()
    return "" if base in {".", ".."} else base


def _extension(name: str) -> str:
    base = _base_name(name)
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _detect_mime_type(uploaded_file) -> str | None:
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    if not head:
        return None
    guess = filetype.guess(head)
    if guess is None:
        return "application/octet-stream"
    if guess.mime in ZIP_FAMILY:
        # Even a precise guess only saw the first member: read the archive's directory to confirm.
        return _zip_document_type(uploaded_file) or ZIP
    return guess.mime


def _zip_document_type(uploaded_file) -> str | None:
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            _check_inflated_size(archive)
            mime_type = _declared_document_type(archive)
            # Inflates every member, no further than the sizes just checked: a member whose data
            # does not match its header (truncated, bad checksum) is refused like a corrupt file.
            if mime_type is None or archive.testzip() is not None:
                return None
            return mime_type
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ):
        # Corrupt, encrypted or exotic archives cannot be checked, so they are refused.
        return None


def _declared_document_type(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "mimetype" in names:
        with archive.open("mimetype") as member:
            declared = member.read(100).strip().decode("ascii", "replace")
        return declared if declared in ODF_TYPES else None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.endswith("vbaProject.bin") for name in names):
        # Macro-enabled (.docm/.xlsm) documents are not accepted, whatever their name.
        return None
    is_word = any(name.startswith("word/") for name in names)
    is_excel = any(name.startswith("xl/") for name in names)
    if is_word != is_excel:
        return DOCX if is_word else XLSX
    return None


def _check_inflated_size(archive: zipfile.ZipFile) -> None:
    """Refuse an archive too big or too compressed once inflated, reading only its directory."""
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise ValidationError(
            "Ce document contient %(count)s éléments internes ; un document bureautique en "
            "compte au plus %(limit)s. Enregistrez-le à nouveau depuis votre logiciel, ou "
            "envoyez-le en PDF.",
            code="zip_too_many_members",
            params={"count": _thousands(len(members)), "limit": _thousands(ZIP_MAX_MEMBERS)},
        )
    inflated = sum(member.file_size for member in members)
    if inflated > ZIP_MAX_INFLATED_BYTES:
        raise ValidationError(
            "Une fois décompressé, ce document pèserait %(size)s ; la limite est de %(limit)s. "
            "Allégez-le (images moins lourdes) ou envoyez-le en PDF.",
            code="zip_too_large",
            params={
                "size": format_size(inflated, round_up=True),
                "limit": format_size(ZIP_MAX_INFLATED_BYTES),
            },
        )
    for member in members:
        if member.file_size >= ZIP_RATIO_MIN_BYTES and member.file_size > ZIP_MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise ValidationError(
                "Ce document est anormalement compressé (un de ses éléments se décompresse plus "
                "de %(ratio)s fois plus gros) : il ne peut pas être accepté. Enregistrez-le à "
                "nouveau depuis votre logiciel, ou envoyez-le en PDF.",
                code="zip_ratio",
                params={"ratio": ZIP_MAX_RATIO},
            )
