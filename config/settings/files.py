"""Where uploaded files go: photographs, risk assessment documents, e-mail originals, attachments.

The embedded default keeps them on disk under `MEDIA_ROOT` (`var/media`). With `FILE_STORAGE_BUCKET` set
they go to S3-compatible object storage (django-storages with boto3), shared by every application server
and worker: private (no public ACL, no public address; the bucket must block public access too), each
object encrypted at rest by the store (`FILE_STORAGE_ENCRYPTION`), and served only through Safeguard's
own scoped views, which stream them from the store (docs/adr/0032-shared-file-storage.md).
"""

from typing import Any

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


def file_storage(env) -> dict[str, Any]:
    """The `default` entry of STORAGES, from the environment."""
    bucket = env("FILE_STORAGE_BUCKET", default="")
    if not bucket:
        return {"BACKEND": env("DEFAULT_FILE_STORAGE", default=FILESYSTEM)}
    encryption = env("FILE_STORAGE_ENCRYPTION", default="AES256")  # or aws:kms with FILE_STORAGE_KMS_KEY_ID
    object_parameters = {"ServerSideEncryption": encryption}
    if env("FILE_STORAGE_KMS_KEY_ID", default=""):
        object_parameters["SSEKMSKeyId"] = env("FILE_STORAGE_KMS_KEY_ID")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env("FILE_STORAGE_ENDPOINT_URL", default="") or None,
        "region_name": env("FILE_STORAGE_REGION", default="") or None,
        # Empty: boto3 finds credentials itself (an instance role, AWS_* variables, ~/.aws).
        "access_key": env("FILE_STORAGE_ACCESS_KEY_ID", default="") or None,
        "secret_key": env("FILE_STORAGE_SECRET_ACCESS_KEY", default="") or None,
        "location": env("FILE_STORAGE_PREFIX", default=""),
        "default_acl": "private",
        "object_parameters": object_parameters,
        # Never a public address: any URL the storage makes is signed and short-lived. Safeguard itself
        # makes none: its views stream the file (FileResponse over storage.open).
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "addressing_style": env("FILE_STORAGE_ADDRESSING_STYLE", default="") or None,
        "signature_version": "s3v4",
    }
    return {"BACKEND": S3, "OPTIONS": options}
