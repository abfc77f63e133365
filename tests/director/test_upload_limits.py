"""Uploads past STUDIO_MAX_UPLOAD_BYTES are refused while they stream in: 413 JSON, nothing on disk, no job.

The in-process tests pin the handler; the slow ones send 200 MB bodies to a real gunicorn (chunked, with
an honest Content-Length, with one that lies), count through gunicorn's request hooks the body bytes the
application read, and read the worker's peak memory from /proc (VmHWM, reset before each request).
"""

import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from director.models import VisionJob
from tests.conftest import ROOT, stored_files
from tests.factories import UserFactory
from tests.photos import photo_bytes

MiB = 1024 * 1024
LIMIT = settings.STUDIO_MAX_UPLOAD_BYTES
JPEG_START = b"\xff\xd8\xff\xe0"


class Recorder(FileUploadHandler):
    """Placed after the limit handler: how many file bytes got past it."""

    seen = 0

    def receive_data_chunk(self, raw_data, start):
        Recorder.seen = max(Recorder.seen, start + len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def temp_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    os.mkdir(settings.FILE_UPLOAD_TEMP_DIR)
    return Path(settings.FILE_UPLOAD_TEMP_DIR)


@pytest.fixture
def recorder(settings):
    handlers = list(settings.FILE_UPLOAD_HANDLERS)
    handlers.insert(handlers.index("django.core.files.uploadhandler.MemoryFileUploadHandler"), f"{__name__}.Recorder")
    settings.FILE_UPLOAD_HANDLERS = handlers
    Recorder.seen = 0
    return Recorder


def post_image(api, data):
    return api.post("/api/v1/jobs/", {"image": SimpleUploadedFile("big.jpg", data, "image/jpeg")}, format="multipart")


def assert_refused_as_too_large(response):
    assert response.status_code == 413, response.content[:300]
    body = response.json()
    assert body["code"] == "too_large" and "10 MiB" in body["detail"], body


@pytest.mark.django_db
def test_file_data_one_byte_past_the_limit_is_cut_off_there(api, recorder, temp_dir, media_root):
    response = post_image(api, JPEG_START + b"\x00" * (LIMIT - len(JPEG_START) + 1))
    assert_refused_as_too_large(response)
    assert recorder.seen <= LIMIT  # the handlers after the limit never saw the byte past it
    assert list(temp_dir.iterdir()) == [] and stored_files(media_root) == []
    assert VisionJob.objects.count() == 0


@pytest.mark.django_db
def test_a_file_of_exactly_the_limit_passes_the_size_check(api, recorder, temp_dir):
    response = post_image(api, JPEG_START + b"\x00" * (LIMIT - len(JPEG_START)))
    assert response.status_code == 400 and "truncated" in response.json()["detail"]  # judged by content, not size
    assert recorder.seen == LIMIT
    assert list(temp_dir.iterdir()) == []


@pytest.mark.django_db
def test_a_body_declaring_more_than_the_limit_is_refused_before_it_is_read(api, media_root):
    # The test client's payload raises if read past the 30 bytes it holds: the refusal reads nothing.
    response = api.generic(
        "POST",
        "/api/v1/jobs/",
        b"--x\r\nContent-Disposition: form",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * MiB),
    )
    assert_refused_as_too_large(response)
    assert VisionJob.objects.count() == 0 and stored_files(media_root) == []


@pytest.mark.django_db
def test_a_session_upload_is_refused_inside_the_csrf_check(user, recorder, temp_dir):
    # A signed-in browser's upload is first read by the CSRF check (request.POST), before DRF's parser.
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    response = client.post(
        "/api/v1/jobs/", {"image": SimpleUploadedFile("big.jpg", JPEG_START + b"\x00" * LIMIT)}, HTTP_X_CSRFTOKEN=secret
    )
    assert_refused_as_too_large(response)
    assert recorder.seen <= LIMIT and list(temp_dir.iterdir()) == []
    assert VisionJob.objects.count() == 0


# --- Through a real server ---------------------------------------------------------------------------------------

BOUNDARY = b"studio-limit-test"
PART_HEAD = (
    b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="image"; filename="big.jpg"\r\n'
    b"Content-Type: image/jpeg\r\n\r\n"
)
PART_TAIL = b"\r\n--" + BOUNDARY + b"--\r\n"
PIECE = 64 * 1024


def multipart_pieces(file_size):
    yield PART_HEAD + JPEG_START
    left = file_size - len(JPEG_START)
    zeros = b"\x00" * PIECE
    while left > 0:
        yield zeros[: min(PIECE, left)]
        left -= PIECE
    yield PART_TAIL


def multipart_length(file_size):
    return len(PART_HEAD) + file_size + len(PART_TAIL)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# gunicorn hooks: how many body bytes the application pulled off the connection for each request
# (gunicorn's own drain of an unread rest, at most 64 KiB, comes after and is not counted).
COUNTING_CONFIG = """
import os

def pre_request(worker, req):
    body, read = req.body, req.body._read_reader
    body.taken = 0
    def counted(size):
        data = read(size)
        body.taken += len(data)
        return data
    body._read_reader = counted

def post_request(worker, req, environ, resp):
    with open(os.environ["BODY_READ_LOG"], "a") as log:
        log.write(f"{req.body.taken}\\n")
"""


def body_bytes_read(read_log, requests_before):
    deadline = time.monotonic() + 10
    while True:
        lines = read_log.read_text().split() if read_log.exists() else []
        if len(lines) > requests_before:
            return int(lines[requests_before])
        assert time.monotonic() < deadline, "the server logged no body count"
        time.sleep(0.05)


class Worker:
    """The gunicorn worker process, read through /proc."""

    def __init__(self, master_pid):
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        assert len(children) == 1, children
        self.pid = int(children[0])

    def kib(self, field):
        line = next(
            line for line in Path(f"/proc/{self.pid}/status").read_text().splitlines() if line.startswith(field)
        )
        return int(line.split()[1])

    def reset_peak(self):
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")  # VmHWM := VmRSS


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn on the test database (one gthread worker, the production worker class), with its own
    MEDIA_ROOT and temporary directory so both can be checked for leftovers."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: the server process shares the test database")
        db = connection.settings_dict
    base = tmp_path_factory.mktemp("gunicorn")
    media, tmp = base / "media", base / "tmp"
    media.mkdir()
    tmp.mkdir()
    (base / "gunicorn.conf.py").write_text(COUNTING_CONFIG)  # not the project's: no access log, counted bodies
    port = free_port()
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    log = (base / "gunicorn.log").open("w+b")
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(base / "gunicorn.conf.py"), "--chdir", str(ROOT),
         "-b", f"127.0.0.1:{port}", "-w", "1", "-k", "gthread", "--threads", "2", "studio_project.wsgi"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": url, "MEDIA_ROOT": str(media),
             "TMPDIR": str(tmp), "BODY_READ_LOG": str(base / "read.log"),
             "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend", "LOG_LEVEL": "WARNING"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    while not (children.read_text().split() and b"Booting worker" in (base / "gunicorn.log").read_bytes()):
        assert proc.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.2)
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
    yield {"port": port, "media": media, "tmp": tmp, "worker": Worker(proc.pid), "read_log": base / "read.log"}
    proc.send_signal(signal.SIGTERM)
    proc.wait(20)
    log.seek(0)
    print("--- gunicorn log ---", log.read().decode(errors="replace")[-4000:], sep="\n")
    log.close()


def send(port, headers, pieces, *, chunked=False):
    """Send a request body from a thread while reading the answer; stop sending once it arrives.

    Returns (status, body, bytes of body sent before the answer came)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sent = 0
    answered = threading.Event()

    def pump():
        nonlocal sent
        try:
            sock.sendall(headers)
            for piece in pieces:
                if answered.is_set():
                    return
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server closed the connection after answering

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    reader = sock.makefile("rb")
    status = int(reader.readline().split()[1])
    fields = {}
    while (line := reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        fields[name.strip().lower()] = value.strip()
    if fields.get("transfer-encoding") == "chunked":
        body = b""
        while size := int(reader.readline(), 16):
            body += reader.read(size)
            reader.readline()
    else:
        body = reader.read(int(fields.get("content-length", 0)))
    sent_when_answered = sent
    answered.set()
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes the sender if it is blocked
    except OSError:
        pass  # the server has already closed the connection
    sock.close()
    thread.join(10)
    return status, body, sent_when_answered


def request_head(port, token, length=None):
    framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    return (
        f"POST /api/v1/jobs/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Token {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY.decode()}\r\n{framing}\r\n\r\n"
    ).encode()


@pytest.fixture
def token(transactional_db):
    return Token.objects.create(user=UserFactory()).key


@pytest.fixture
def measured(server, warm):
    """Bytes the worker reads and the growth of its peak memory during one request, checked afterwards."""
    worker = server["worker"]
    log = server["read_log"]
    requests_before = len(log.read_text().split()) if log.exists() else 0
    worker.reset_peak()
    rss_before = worker.kib("VmRSS")
    numbers = {}
    yield numbers
    numbers["read"] = body_bytes_read(log, requests_before)
    numbers["peak_growth_kib"] = worker.kib("VmHWM") - rss_before
    print("measured:", numbers)
    assert numbers["read"] < 11 * MiB
    assert numbers["peak_growth_kib"] < 20 * 1024
    assert stored_files(server["media"]) == [] and list(server["tmp"].iterdir()) == []
    assert VisionJob.objects.count() == 0


@pytest.fixture(scope="module")
def warm(server, django_db_blocker):
    """One refused upload first, so the code paths measured are already imported."""
    with django_db_blocker.unblock():
        token = Token.objects.create(user=UserFactory()).key
        file_size = LIMIT + 1
        send(
            server["port"],
            request_head(server["port"], token, multipart_length(file_size)),
            multipart_pieces(file_size),
        )
        Token.objects.all().delete()


@pytest.mark.slow
@pytest.mark.postgres
def test_a_chunked_200_mb_upload_is_refused_before_it_is_read(server, token, measured):
    port = server["port"]
    status, body, sent = send(port, request_head(port, token), multipart_pieces(200 * MiB), chunked=True)
    assert status == 411 and b"Content-Length" in body and b'"length_required"' in body
    measured["sent"] = sent


@pytest.mark.slow
@pytest.mark.postgres
def test_a_200_mb_upload_that_says_so_is_refused_before_it_is_read(server, token, measured):
    port = server["port"]
    size = 200 * MiB
    status, body, sent = send(port, request_head(port, token, multipart_length(size)), multipart_pieces(size))
    assert status == 413 and b'"too_large"' in body and b"10 MiB" in body
    measured["sent"] = sent


@pytest.mark.slow
@pytest.mark.postgres
def test_200_mb_sent_under_a_length_at_the_limit_are_cut_off_at_the_limit(server, token, measured):
    port = server["port"]
    head = request_head(port, token, settings.STUDIO_MAX_UPLOAD_BODY_BYTES)  # says "at most the limit", lies
    status, body, sent = send(port, head, multipart_pieces(200 * MiB))
    assert status == 413 and b'"too_large"' in body
    measured["sent"] = sent


@pytest.mark.slow
@pytest.mark.postgres
def test_200_mb_sent_under_a_small_length_are_read_only_as_far_as_it_says(server, token, measured):
    port = server["port"]
    status, body, sent = send(port, request_head(port, token, 1 * MiB), multipart_pieces(200 * MiB))
    assert status == 400 and b'"detail"' in body  # a cut-off multipart body: no image in it
    measured["sent"] = sent


@pytest.mark.slow
@pytest.mark.postgres
def test_a_photo_through_the_same_server_is_accepted(server, token):
    port = server["port"]
    data = photo_bytes()
    pieces = [PART_HEAD + data + PART_TAIL]
    status, body, _ = send(port, request_head(port, token, len(pieces[0])), pieces)
    assert status == 201, body
    assert VisionJob.objects.count() == 1
