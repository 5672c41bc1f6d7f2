"""A real S3-compatible object store on loopback for the tests: moto's server (`moto_server`, from PyPI).

`scripts/services.sh` starts one for the test command and exports `TEST_S3_ENDPOINT_URL`; run without it,
the first test that asks starts its own on a free port and stops it at the end of the run.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ACCESS_KEY, SECRET_KEY, REGION = "safeguard-test", "safeguard-test-secret", "eu-west-2"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    import requests

    try:
        requests.get(url, timeout=2)
    except requests.RequestException:
        return False
    return True


@pytest.fixture(scope="session")
def s3_endpoint():
    url = os.environ.get("TEST_S3_ENDPOINT_URL", "")
    if url:
        yield url
        return
    program = Path(sys.executable).with_name("moto_server")
    program = str(program) if program.exists() else shutil.which("moto_server")
    assert program, "moto_server is not installed: pip install -r requirements/dev.txt (moto[server])"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [program, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(150):
            if _answers(url):
                break
            time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, region_name=REGION
    )


def s3_environment(endpoint: str, bucket: str) -> dict[str, str]:
    """The variables that point a Safeguard process at `bucket` (config/settings/files.py)."""
    return {
        "FILE_STORAGE_BUCKET": bucket,
        "FILE_STORAGE_ENDPOINT_URL": endpoint,
        "FILE_STORAGE_REGION": REGION,
        "FILE_STORAGE_ACCESS_KEY_ID": ACCESS_KEY,
        "FILE_STORAGE_SECRET_ACCESS_KEY": SECRET_KEY,
        "FILE_STORAGE_ADDRESSING_STYLE": "path",
    }


def s3_bucket_create(endpoint: str) -> str:
    bucket = f"safeguard-test-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    return bucket


@pytest.fixture
def s3_storage(s3_endpoint, settings):
    """This test's files go to a new private bucket in the object store, configured as production is."""
    import environ

    from config.settings.files import file_storage

    bucket = s3_bucket_create(s3_endpoint)
    env = environ.Env()
    saved = {key: os.environ.get(key) for key in s3_environment(s3_endpoint, bucket)}
    os.environ.update(s3_environment(s3_endpoint, bucket))
    try:
        storage = file_storage(env)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    return bucket
