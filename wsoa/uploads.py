"""Uploads read in the background: keeping the file, one reading task's steps, what the waiting page shows, clean-up.

The web request only keeps the file and queues a task; the task reads it within its time limit and stores what it
read (or why it could not), and the waiting page refreshes until then. Each app says how its kind of file is read
and which errors are the file's fault (their messages are shown as they are); the rest is here, once.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Upload

logger = logging.getLogger(__name__)

UPLOAD_FOLDER = "uploads"
# A worker stops a reading task after the soft limit (the task records why) and kills it at the hard one.
READ_SOFT_SECONDS = 60
READ_HARD_SECONDS = 90
# An upload still being read this long after it started was lost with its worker.
LOST_AFTER = timedelta(seconds=READ_HARD_SECONDS + 30)
ABANDONED_AFTER = timedelta(days=1)

TOO_SLOW = "{filename} took too long to read. Check that it is the right file, or save a smaller copy and upload that."
LOST = "{filename} could not be read: reading it stopped part of the service. Check that it is the right file."
GONE = "{filename} is no longer here. Upload it again."
BROKEN = "{filename} could not be read. Check that it is the right file and upload it again."

Stage = Callable[[str], None]
Reader = Callable[[bytes, Upload, Stage], dict]


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER


def _path(upload: Upload) -> Path:
    return _folder() / upload.stored_as


def upload_keep(*, by, kind: str, data: bytes, filename: str, plan=None) -> Upload:
    """Keep the uploaded bytes (readable by the service alone: plans name officers) and the row that waits for them."""
    stored_as = secrets.token_hex(16)
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / stored_as, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return Upload.objects.create(by=by, kind=kind, plan=plan, filename=filename[:200], stored_as=stored_as)


def upload_for(user, pk, *, kind: str, plan=None) -> Upload | None:
    """The person's own upload of that kind (and plan); anyone else's, or none, is None."""
    if not isinstance(pk, int) or not user.is_authenticated:
        return None
    return Upload.objects.filter(pk=pk, by=user, kind=kind, plan=plan).first()


def upload_read(upload_id: int, *, read: Reader, refusals: tuple[type[Exception], ...]) -> str:
    """The task's work: read the upload once, store the result or the reason it was refused; its status, in a word.

    Idempotent: an upload already read or refused is left alone. One found already "being read" was being read when
    its worker died (a file that exhausts the worker's memory is redelivered): it is refused, not read again.
    """
    upload = _claimed(upload_id)
    if upload is None or upload.status != Upload.Status.READING:
        return upload.status if upload else "gone"
    path = _path(upload)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _refuse(upload, GONE.format(filename=upload.filename))
    try:
        result = read(data, upload, lambda text: _stage(upload, text))
    except refusals as error:
        return _refuse(upload, str(error))
    except SoftTimeLimitExceeded:
        return _refuse(upload, TOO_SLOW.format(filename=upload.filename))
    except Exception:  # a fault in the reader, not the person's: they still get an answer
        logger.exception("upload not read", extra={"upload_id": upload.pk, "kind": upload.kind})
        return _refuse(upload, BROKEN.format(filename=upload.filename))
    # An update, not a save: the person may have started again meanwhile, removing this upload.
    Upload.objects.filter(pk=upload.pk).update(
        status=Upload.Status.READ, result=result, stage="", finished_at=timezone.now()
    )
    return Upload.Status.READ  # the file stays until the upload is used or removed, so that it can be read again


def upload_read_again(upload: Upload) -> None:
    """Once what the reading depends on has changed (a plan's rating legend): the kept file is to be read once more.

    The caller queues its reading task again, as after the upload.
    """
    upload.status, upload.result, upload.message, upload.stage = Upload.Status.WAITING, None, "", ""
    upload.attempts, upload.started_at, upload.finished_at = 0, None, None
    upload.save(update_fields=["status", "result", "message", "stage", "attempts", "started_at", "finished_at"])


def _claimed(upload_id: int) -> Upload | None:
    with transaction.atomic():
        upload = Upload.objects.select_for_update().filter(pk=upload_id).first()
        if upload is None or upload.status in (Upload.Status.READ, Upload.Status.REFUSED):
            return upload
        if upload.status == Upload.Status.READING:
            upload.status, upload.message = Upload.Status.REFUSED, LOST.format(filename=upload.filename)
            upload.finished_at = timezone.now()
            upload.save(update_fields=["status", "message", "finished_at"])
            _path(upload).unlink(missing_ok=True)
            return upload
        upload.status, upload.attempts, upload.started_at = Upload.Status.READING, upload.attempts + 1, timezone.now()
        upload.stage = "Opening the file"
        upload.save(update_fields=["status", "attempts", "started_at", "stage"])
        return upload


def _stage(upload: Upload, text: str) -> None:
    Upload.objects.filter(pk=upload.pk).update(stage=text[:200])


def _refuse(upload: Upload, message: str) -> str:
    Upload.objects.filter(pk=upload.pk).update(
        status=Upload.Status.REFUSED, message=message, finished_at=timezone.now()
    )
    _path(upload).unlink(missing_ok=True)
    return Upload.Status.REFUSED


def upload_problem(upload: Upload, *, now: datetime | None = None) -> str:
    """Why the upload could not be read, for the waiting page; blank while it is still being read.

    One still waiting or being read long after a worker would have finished or stopped it was lost with its worker.
    """
    if upload.status == Upload.Status.REFUSED:
        return upload.message
    if upload.status == Upload.Status.READ:
        return ""
    since = upload.started_at or upload.created_at
    return TOO_SLOW.format(filename=upload.filename) if (now or timezone.now()) - since > LOST_AFTER else ""


def form_saying(form_class, field: str, problem: str):
    """The upload form again, unbound (no "Select a file"), with why the last file could not be read on its field."""
    form = form_class()
    form.cleaned_data = {}
    form.add_error(field, problem)
    return form


def upload_remove(upload: Upload) -> None:
    """Once what was read has been used (or the person started again)."""
    _path(upload).unlink(missing_ok=True)
    Upload.objects.filter(pk=upload.pk).delete()


def uploads_remove_abandoned(*, now: datetime | None = None) -> int:
    """Remove uploads nobody came back for within a day, and any file left without its row; how many uploads."""
    cutoff = (now or timezone.now()) - ABANDONED_AFTER
    abandoned = list(Upload.objects.filter(created_at__lt=cutoff).values_list("pk", "stored_as"))
    for _, stored_as in abandoned:
        (_folder() / stored_as).unlink(missing_ok=True)
    Upload.objects.filter(pk__in=[pk for pk, _ in abandoned]).delete()
    _remove_files_without_rows(cutoff.timestamp())
    return len(abandoned)


def _remove_files_without_rows(cutoff: float) -> None:
    kept = set(Upload.objects.values_list("stored_as", flat=True))
    # "imports" held plan sheets between their check and confirm before uploads had rows.
    for folder in (_folder(), Path(settings.MEDIA_ROOT) / "imports"):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            try:
                if path.name not in kept and path.is_file() and path.stat().st_mtime < min(cutoff, time.time()):
                    path.unlink()
            except FileNotFoundError:
                pass  # removed meanwhile
