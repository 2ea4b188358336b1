"""Where uploaded and generated files live (``STORAGES["default"]``), chosen by the environment alone.

``DJANGO_STORAGE=filesystem`` (the default) keeps them under ``MEDIA_ROOT`` on this host's disk;
``DJANGO_STORAGE=s3`` keeps them in an S3-compatible object store (AWS S3, MinIO, Ceph…) through
django-storages, so that web and workers on different hosts read and write the same files.
The code only ever uses the storage API (``default_storage``, ``FieldFile``), never a path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured
from django.core.files import storage

BACKENDS = ("filesystem", "s3")


def default_storage_from(environ: Mapping[str, str]) -> dict:
    """``STORAGES["default"]`` as the environment describes it (see the README's "File storage")."""
    kind = (environ.get("DJANGO_STORAGE") or "filesystem").strip().lower()
    if kind == "filesystem":
        return {"BACKEND": "config.storage.DurableFileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"DJANGO_STORAGE is {kind!r}: use one of {', '.join(BACKENDS)}.")
    bucket = (environ.get("DJANGO_STORAGE_BUCKET") or "").strip()
    if not bucket:
        raise ImproperlyConfigured("DJANGO_STORAGE=s3 needs DJANGO_STORAGE_BUCKET (the bucket's name).")
    endpoint = (environ.get("DJANGO_STORAGE_ENDPOINT_URL") or "").strip() or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,  # blank: AWS itself
        # Blank keys: boto3 finds its own (an instance role, AWS_* variables, ~/.aws).
        "access_key": environ.get("DJANGO_STORAGE_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("DJANGO_STORAGE_SECRET_ACCESS_KEY") or None,
        "region_name": environ.get("DJANGO_STORAGE_REGION") or None,
        "location": (environ.get("DJANGO_STORAGE_PREFIX") or "").strip("/"),
        # Most S3-compatible servers (MinIO) want path-style URLs; AWS chooses for itself.
        "addressing_style": environ.get("DJANGO_STORAGE_ADDRESSING_STYLE") or ("path" if endpoint else None),
        "signature_version": "s3v4",
        # Objects stay private: the site's own views check access and stream them, no public URL.
        "default_acl": None,
        "querystring_auth": True,
        # A download larger than this is spooled to a temporary file rather than held in memory.
        "max_memory_size": 8 * 1024 * 1024,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


class DurableFileSystemStorage(storage.FileSystemStorage):
    """Django's filesystem storage, but a file is on the disk (fsync, its folder too) when ``save()``
    returns: a job that then says "done" keeps its whole PDF through a power cut."""

    def _save(self, name, content):
        name = super()._save(name, content)
        path = self.path(name)
        for target, flags in ((path, os.O_RDONLY), (os.path.dirname(path), os.O_RDONLY | os.O_DIRECTORY)):
            descriptor = os.open(target, flags)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        return name
