"""Private uploads: type from the content, size limit, safe names and paths, safe download."""

import contextlib
import io
import random
import re
import struct
import zipfile
import zlib
from dataclasses import FrozenInstanceError

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile, FileField
from django.http import Http404
from django.test import override_settings

from essaim.core.uploads import (
    ALLOWED_TYPES,
    DOCX,
    JPEG,
    ODS,
    ODT,
    PDF,
    PNG,
    XLSX,
    UploadCheck,
    format_size,
    private_file_response,
    private_upload_path,
    safe_filename,
    validate_upload,
)

# --- Real minimal files -------------------------------------------------------------------------

PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
WINDOWS_EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 120
CONTENT_TYPES_XML = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org"/>'


def png_bytes():
    """A valid 1x1 white PNG, chunks and CRCs included."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def zip_bytes(members, *, stored_first=False):
    """A zip holding (name, content) members, in order; the first one stored if asked (ODF)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, content) in enumerate(members):
            compression = zipfile.ZIP_STORED if stored_first and index == 0 else None
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


def docx_bytes(*, content_types_first=True):
    members = [
        ("[Content_Types].xml", CONTENT_TYPES_XML),
        ("word/document.xml", b"<w:document/>"),
    ]
    if not content_types_first:
        # filetype then sees neither marker first and answers "zip": the archive decides.
        members.insert(0, ("customXml/item1.xml", b"<x/>"))
    return zip_bytes(members)


def xlsx_bytes():
    return zip_bytes(
        [("[Content_Types].xml", CONTENT_TYPES_XML), ("xl/workbook.xml", b"<workbook/>")]
    )


def odf_bytes(mime, *, stored_first=True):
    return zip_bytes(
        [("mimetype", mime.encode()), ("content.xml", b"<office:document-content/>")],
        stored_first=stored_first,
    )


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(uploaded_file):
    with pytest.raises(ValidationError) as caught:
        validate_upload(uploaded_file)
    return caught.value


DISGUISED_PDF = (
    "Ce fichier n'est pas d'un type accepté (PDF, PNG, JPEG, OpenDocument, Word, Excel). "
    "Son contenu ne correspond pas à son nom."
)


# --- Accepted types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "mime_type", "extension"),
    [
        ("Bilan 2023.pdf", PDF_BYTES, PDF, "pdf"),
        ("logo.png", png_bytes(), PNG, "png"),
        ("photo.jpeg", JPEG_BYTES, JPEG, "jpg"),
        ("statuts.odt", odf_bytes(ODT), ODT, "odt"),
        ("budget.ods", odf_bytes(ODS), ODS, "ods"),
        ("budget.ods", odf_bytes(ODS, stored_first=False), ODS, "ods"),
        ("compte-rendu.docx", docx_bytes(), DOCX, "docx"),
        ("compte-rendu.docx", docx_bytes(content_types_first=False), DOCX, "docx"),
        ("plan.xlsx", xlsx_bytes(), XLSX, "xlsx"),
    ],
    ids=["pdf", "png", "jpeg", "odt", "ods", "ods-deflated", "docx", "docx-zip", "xlsx"],
)
def test_each_allowed_type_is_accepted_with_its_mime_type_and_extension(
    name, content, mime_type, extension
):
    check = validate_upload(upload(name, content))

    assert check == UploadCheck(
        mime_type=mime_type,
        extension=extension,
        size=len(content),
        safe_name=safe_filename(name, extension),
    )
    assert check.safe_name.endswith(f".{extension}")
    assert check.label == ALLOWED_TYPES[mime_type].label


def test_every_allowed_type_has_a_label_and_a_canonical_extension():
    assert set(ALLOWED_TYPES) == {PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX}
    for file_type in ALLOWED_TYPES.values():
        assert file_type.label
        assert file_type.extension.isalnum()
        assert file_type.extension == file_type.extension.lower()


def test_the_client_content_type_and_extension_are_ignored():
    # A real PNG sent as "application/pdf" and named .pdf is a PNG, stored as .png.
    check = validate_upload(upload("scan.pdf", png_bytes(), content_type="application/pdf"))

    assert check.mime_type == PNG
    assert check.safe_name == "scan.png"


def test_the_check_is_frozen():
    check = validate_upload(upload("a.pdf", PDF_BYTES))

    with pytest.raises(FrozenInstanceError):
        check.mime_type = "text/html"


@pytest.mark.parametrize("content", [PDF_BYTES, ELF_BYTES], ids=["accepted", "refused"])
def test_the_file_is_rewound_after_the_check(content):
    uploaded = upload("facture.pdf", content)
    uploaded.read(5)

    with contextlib.suppress(ValidationError):
        validate_upload(uploaded)

    assert uploaded.read() == content


# --- Refused types ------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [ELF_BYTES, WINDOWS_EXE_BYTES], ids=["elf", "windows-exe"])
def test_an_executable_named_like_a_pdf_is_refused(content):
    error = refusal(upload("facture.pdf", content, content_type="application/pdf"))

    assert error.code == "type_not_allowed"
    assert error.messages == [DISGUISED_PDF]


def test_a_type_not_allowed_under_its_own_name_is_refused_without_mention_of_a_disguise():
    error = refusal(upload("installer.exe", WINDOWS_EXE_BYTES))

    assert error.code == "type_not_allowed"
    assert error.messages == [
        "Ce fichier n'est pas d'un type accepté (PDF, PNG, JPEG, OpenDocument, Word, Excel)."
    ]


def test_plain_text_is_refused():
    error = refusal(upload("notes.txt", b"Bonjour, voici mes notes.\n"))

    assert error.code == "type_not_allowed"


@pytest.mark.parametrize(
    "content",
    [
        zip_bytes([("photos/vacances.jpg", JPEG_BYTES), ("lisez-moi.txt", b"hello")]),
        zip_bytes([("[Content_Types].xml", CONTENT_TYPES_XML), ("other/part.xml", b"<x/>")]),
        zip_bytes(
            [
                ("[Content_Types].xml", CONTENT_TYPES_XML),
                ("word/document.xml", b"<w:document/>"),
                ("word/vbaProject.bin", b"\x00macro"),
            ]
        ),
        odf_bytes("application/vnd.oasis.opendocument.presentation"),
        b"PK\x03\x04" + b"\x00" * 60,
    ],
    ids=["plain-zip", "ooxml-without-word-or-xl", "macro-enabled", "odf-presentation", "corrupt"],
)
def test_a_zip_that_is_not_an_allowed_document_is_refused_even_named_docx(content):
    error = refusal(upload("rapport.docx", content))

    assert error.code == "type_not_allowed"
    assert "Son contenu ne correspond pas à son nom." in error.messages[0]


# --- Empty, too large, unusable name ------------------------------------------------------------


def test_an_empty_file_is_refused():
    error = refusal(upload("vide.pdf", b""))

    assert error.code == "empty"
    assert error.messages == ["Le fichier est vide."]


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_a_file_over_the_limit_is_refused():
    error = refusal(upload("gros.pdf", PDF_BYTES + b"%" * (2048 - len(PDF_BYTES))))

    assert error.code == "too_large"
    assert error.messages == ["Le fichier pèse 2,0 Ko ; la limite est de 1 Ko."]


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_a_file_at_the_limit_is_accepted():
    content = PDF_BYTES + b"%" * (1024 - len(PDF_BYTES))

    assert validate_upload(upload("juste.pdf", content)).size == 1024


@override_settings(UPLOAD_MAX_BYTES=10 * 1024 * 1024)
def test_a_200_mo_file_is_refused_before_being_read():
    uploaded = upload("video.pdf", PDF_BYTES)
    uploaded.size = 200 * 1024 * 1024  # what the upload handler reports; nothing is allocated

    error = refusal(uploaded)

    assert error.code == "too_large"
    assert error.messages == ["Le fichier pèse 200,0 Mo ; la limite est de 10 Mo."]


def test_the_limit_defaults_to_10_mo_without_the_setting():
    with override_settings():
        del settings.UPLOAD_MAX_BYTES
        uploaded = upload("video.pdf", PDF_BYTES)
        uploaded.size = 10 * 1024 * 1024 + 1

        error = refusal(uploaded)

    assert error.messages == ["Le fichier pèse 10,1 Mo ; la limite est de 10 Mo."]


@pytest.mark.parametrize("name", [None, "C:\\Users\\", "rapport\x00.pdf"])
def test_an_unusable_uploaded_name_is_refused(name):
    uploaded = upload("placeholder.pdf", PDF_BYTES)
    uploaded.name = name  # Django keeps only the base name, but not these

    error = refusal(uploaded)

    assert error.code == "invalid_name"
    assert error.messages == [
        "Le nom de ce fichier est inutilisable : renommez-le puis envoyez-le à nouveau."
    ]


@pytest.mark.parametrize("name", ["", "..", "dossier/", "../.."])
def test_an_unusable_name_of_any_django_file_is_refused(name):
    # Any django File can be checked (e.g. one fetched by a service), not only uploads.
    error = refusal(ContentFile(PDF_BYTES, name=name))

    assert error.code == "invalid_name"


def test_any_django_file_can_be_checked():
    check = validate_upload(ContentFile(PDF_BYTES, name="import/statuts.pdf"))

    assert (check.mime_type, check.safe_name) == (PDF, "statuts.pdf")


@pytest.mark.parametrize(
    ("num_bytes", "round_up", "expected"),
    [
        (0, False, "0 octets"),
        (1023, False, "1023 octets"),
        (1024, False, "1 Ko"),
        (1536, False, "1,5 Ko"),
        (10 * 1024 * 1024, False, "10 Mo"),
        (200 * 1024 * 1024, True, "200,0 Mo"),
        (10 * 1024 * 1024 + 1, True, "10,1 Mo"),
        (3 * 1024**3, False, "3 Go"),
        (5000 * 1024**3, False, "5000 Go"),
    ],
)
def test_sizes_are_written_the_french_way(num_bytes, round_up, expected):
    assert format_size(num_bytes, round_up=round_up) == expected


# --- Safe names and paths -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original_name", "extension", "expected"),
    [
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ("Rapport d'activité 2023.PDF", "pdf", "rapport-dactivite-2023.pdf"),
        ("C:\\Users\\Camille\\Bilan financier.docx", "docx", "bilan-financier.docx"),
        ("photo.pdf", "png", "photo.png"),
        ("archive.tar.gz", "pdf", "archivetar.pdf"),
        (".profile", "pdf", "profile.pdf"),
        ("???.pdf", "pdf", "document.pdf"),
        ("財務報告.xlsx", "xlsx", "document.xlsx"),
        ("", "pdf", "document.pdf"),
        ("sans extension", ".PDF", "sans-extension.pdf"),
    ],
)
def test_safe_filename(original_name, extension, expected):
    assert safe_filename(original_name, extension) == expected


def test_safe_filename_keeps_at_most_60_characters_of_the_name():
    name = safe_filename("Compte rendu " + "très " * 30 + ".odt", "odt")

    stem = name.removesuffix(".odt")
    assert len(stem) <= 60
    assert stem.startswith("compte-rendu-tres-")
    assert not stem.endswith("-")


def test_safe_filename_refuses_an_extension_that_is_not_one():
    with pytest.raises(ValueError):
        safe_filename("rapport.pdf", "pdf/../x")


def test_private_upload_path_is_dated_random_and_ends_with_the_safe_name():
    path = private_upload_path("supported-organisations/documents", "statuts.pdf")

    assert re.fullmatch(
        r"supported-organisations/documents/\d{4}/(0[1-9]|1[0-2])/[0-9a-f]{32}/statuts\.pdf", path
    )


def test_private_upload_paths_never_collide():
    paths = {private_upload_path("documents", "statuts.pdf") for _ in range(100)}

    assert len(paths) == 100


@pytest.mark.parametrize(
    ("prefix", "safe_name"),
    [("", "a.pdf"), ("docs/../secrets", "a.pdf"), ("docs", "../a.pdf"), ("docs", "..")],
)
def test_private_upload_path_refuses_traversal(prefix, safe_name):
    with pytest.raises(ValueError):
        private_upload_path(prefix, safe_name)


# --- Download -----------------------------------------------------------------------------------


@pytest.fixture
def stored_file():
    name = default_storage.save(private_upload_path("tests", "statuts.pdf"), ContentFile(PDF_BYTES))
    yield FieldFile(None, FileField(storage=default_storage), name)
    default_storage.delete(name)


# Closing a response sends request_finished, which closes DB connections.
@pytest.mark.django_db
def test_private_file_response_sends_an_attachment_the_browser_will_not_render(stored_file):
    response = private_file_response(stored_file, download_name="Statuts de l'association.pdf")
    try:
        content = b"".join(response.streaming_content)
    finally:
        response.close()

    assert content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF_BYTES))
    assert response["Content-Disposition"].startswith("attachment; ")
    assert "Statuts" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"


# Closing a response sends request_finished, which closes DB connections.
@pytest.mark.django_db
def test_private_file_response_encodes_a_non_ascii_download_name(stored_file):
    response = private_file_response(stored_file, download_name="Procès-verbal.pdf")
    response.close()

    assert "filename*=utf-8''Proc%C3%A8s-verbal.pdf" in response["Content-Disposition"]


# Closing a response sends request_finished, which closes DB connections.
@pytest.mark.django_db
def test_private_file_response_does_not_let_the_download_name_choose_a_rendered_type(stored_file):
    response = private_file_response(stored_file, download_name="page.html")
    response.close()

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment; ")


# Closing a response sends request_finished, which closes DB connections.
@pytest.mark.django_db
def test_private_file_response_answers_404_for_an_empty_field_or_a_lost_file():
    field = FileField(storage=default_storage)

    with pytest.raises(Http404):
        private_file_response(FieldFile(None, field, ""), download_name="x.pdf")
    with pytest.raises(Http404):
        private_file_response(FieldFile(None, field, "tests/missing.pdf"), download_name="x.pdf")


# --- Zip bombs: what office documents inflate to -------------------------------------------------


def test_a_docx_inflating_past_50_mo_is_refused_before_being_inflated():
    # 60 Mo of zeros deflate to about 60 Ko: well under the upload limit.
    bomb = zip_bytes(
        [("[Content_Types].xml", CONTENT_TYPES_XML), ("word/document.xml", bytes(60 * 2**20))]
    )
    assert len(bomb) < 100 * 1024

    error = refusal(upload("rapport.docx", bomb))

    assert error.code == "zip_too_large"
    assert error.messages == [
        "Une fois décompressé, ce document pèserait 60,1 Mo ; la limite est de 50 Mo. "
        "Allégez-le (images moins lourdes) ou envoyez-le en PDF."
    ]


def test_an_odt_with_an_absurdly_compressed_member_is_refused():
    content = zip_bytes(
        [
            ("mimetype", ODT.encode()),
            ("content.xml", b"<office:document-content/>"),
            ("Pictures/fond.bmp", bytes(2 * 2**20)),  # 2 Mo of zeros: about 1 000 times smaller
        ],
        stored_first=True,
    )

    error = refusal(upload("statuts.odt", content))

    assert error.code == "zip_ratio"
    assert error.messages[0].startswith(
        "Ce document est anormalement compressé (un de ses éléments se décompresse plus de "
        "100 fois plus gros) : il ne peut pas être accepté."
    )


def test_an_xlsx_with_too_many_members_is_refused():
    members = [("[Content_Types].xml", CONTENT_TYPES_XML), ("xl/workbook.xml", b"<workbook/>")]
    members += [(f"xl/worksheets/sheet{index}.xml", b"<x/>") for index in range(1000)]

    error = refusal(upload("budget.xlsx", zip_bytes(members)))

    assert error.code == "zip_too_many_members"
    assert error.messages[0].startswith(
        "Ce document contient 1\u202f002 éléments internes ; un document bureautique en compte "
        "au plus 1\u202f000."
    )


def test_a_docx_with_a_large_but_ordinary_member_is_accepted():
    # Photos barely compress: 3 Mo inflated from nearly 3 Mo is what real documents look like.
    photo = random.Random(7).randbytes(3 * 2**20)
    content = zip_bytes(
        [("[Content_Types].xml", CONTENT_TYPES_XML), ("word/document.xml", b"<w:document/>")]
        + [("word/media/image1.jpeg", photo)]
    )

    assert validate_upload(upload("rapport.docx", content)).mime_type == DOCX


def _corrupt_member(content: bytes, name: str) -> bytes:
    """Flip the last byte of a member's data, leaving every header as it was."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(name)
    name_length, extra_length = struct.unpack("<HH", content[info.header_offset + 26 :][:4])
    end = info.header_offset + 30 + name_length + extra_length + info.compress_size - 1
    return content[:end] + bytes([content[end] ^ 0xFF]) + content[end + 1 :]


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_docx_whose_data_does_not_match_its_headers_is_refused(compression):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", b"<w:document>" + b"texte " * 200 + b"</w:document>")
    content = _corrupt_member(buffer.getvalue(), "word/document.xml")

    error = refusal(upload("rapport.docx", content))

    assert error.code == "type_not_allowed"
