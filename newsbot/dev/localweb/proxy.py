"""A local web: an HTTP(S) proxy on 127.0.0.1 that answers for real outlet URLs.

Spiders run unmodified through Scrapy's standard proxy support
(``http_proxy``/``https_proxy``). HTTPS arrives as CONNECT; the proxy
terminates TLS with a throwaway self-signed certificate (Scrapy does not
verify certificates by default) and answers from a ``Site`` object. Every
request is logged (method, URL, status, time) so tests can check what a crawl
did and did not fetch. Nothing leaves the machine: unknown hosts get a 502.
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import struct
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit


def proxy_env(url: str) -> dict[str, str]:
    """The environment that sends a process's HTTP and HTTPS through the proxy at ``url``."""
    return {"http_proxy": url, "https_proxy": url, "HTTP_PROXY": url, "HTTPS_PROXY": url, "no_proxy": "", "NO_PROXY": ""}


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a slow page)
    ranges: bool = False  # answer "Range: bytes=N-" with 206 and the rest of the body (as data.commoncrawl.org does)
    reset_after: int | None = None  # send this many bytes of the body, then reset the connection


class Site(Protocol):
    hosts: tuple[str, ...]  # host names the site answers for (put in the certificate)

    def respond(self, method: str, url: str) -> Reply | None:
        """The reply for a URL, or None when this site does not serve its host."""


def _self_signed_context(directory: Path, hosts: tuple[str, ...]) -> ssl.SSLContext:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "newsbot local web")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts or ("localhost",)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    tunnel_host: str | None = None
    server: _Server

    def log_message(self, format, *args):  # quiet: the LocalWeb log is the record
        pass

    def do_CONNECT(self):
        host = self.path.rsplit(":", 1)[0]
        self.server.web.record("CONNECT", f"{host}:443", 200)
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        try:
            tls = self.server.web.tls.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        try:
            _TunnelHandler(tls, self.client_address, self.server, host)
        except (ssl.SSLError, OSError):
            pass
        self.close_connection = True

    def do_GET(self):
        self._serve()

    def do_HEAD(self):
        self._serve(head=True)

    def _serve(self, head: bool = False):
        arrived = time.time()
        if self.tunnel_host is not None:
            url = f"https://{self.headers.get('Host') or self.tunnel_host}{self.path}"
        elif self.path.startswith("/"):
            url = f"http://{self.headers.get('Host', 'localhost')}{self.path}"
        else:
            url = self.path
        host = urlsplit(url).hostname or ""
        reply = self.server.web.site.respond(self.command, url)
        if reply is None:
            reply = Reply(502, f"local web: no site for {host}".encode())
        if reply.delay:
            time.sleep(reply.delay)
        status, body, headers = reply.status, reply.body, {"Content-Type": "text/html; charset=utf-8"} | reply.headers
        wanted = self.headers.get("Range", "")
        if reply.ranges and status == 200 and wanted.startswith("bytes=") and wanted.endswith("-") and wanted[6:-1].isdigit():
            start = int(wanted[6:-1])
            status, body = 206, body[start:]
            headers["Content-Range"] = f"bytes {start}-{len(reply.body) - 1}/{len(reply.body)}"
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and reply.reset_after is not None:
                self.wfile.write(body[: reply.reset_after])
                self.wfile.flush()
                time.sleep(0.2)  # let what was sent arrive: a reset discards what is still in the send buffer
                self._reset()
                self.server.web.record(self.command, url, status, arrived)
                return
            if not head:
                self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.close_connection = True
        self.server.web.record(self.command, url, status, arrived)

    def _reset(self) -> None:
        """Drop the connection with a TCP reset (SO_LINGER 0), as a broken network does."""
        raw = self.connection
        sock = raw if isinstance(raw, socket.socket) else getattr(raw, "_sock", raw)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close_connection = True
        try:
            raw.close()
        except OSError:
            pass


class _TunnelHandler(_Handler):
    def __init__(self, sock, client_address, server, host: str):
        self.tunnel_host = host
        super().__init__(sock, client_address, server)

    def finish(self):
        try:
            super().finish()
        except (ssl.SSLError, OSError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    web: LocalWeb

    def handle_error(self, request, client_address):  # a client hanging up is not an error here
        pass


class LocalWeb:
    """Start with ``with LocalWeb(site) as web:``; point a crawl at ``web.proxy_env()``."""

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 0):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the local web listens on loopback only")
        self.site = site
        self._dir = tempfile.TemporaryDirectory(prefix="newsbot-localweb-")
        self.tls = _self_signed_context(Path(self._dir.name), tuple(getattr(site, "hosts", ())))
        self._server = _Server((host, port), _Handler)
        self._server.web = self
        self._lock = threading.Lock()
        self.log: list[dict] = []
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def certificate(self) -> Path:
        """The local web's certificate: trusted through SSL_CERT_FILE by clients that verify (urllib)."""
        return Path(self._dir.name) / "cert.pem"

    def proxy_env(self) -> dict[str, str]:
        return proxy_env(self.url) | {"SSL_CERT_FILE": str(self.certificate)}

    def record(self, method: str, url: str, status: int, arrived: float | None = None) -> None:
        """Log a request; ``t`` is when it arrived (a slow answer is logged when it is sent)."""
        with self._lock:
            self.log.append({"t": arrived or time.time(), "method": method, "url": url, "status": status})

    def requests(self, method: str = "GET") -> list[dict]:
        with self._lock:
            return [r for r in self.log if r["method"] == method]

    def start(self) -> LocalWeb:
        self._thread = threading.Thread(target=self._server.serve_forever, name="localweb", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._dir.cleanup()

    def __enter__(self) -> LocalWeb:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class BlackHole:
    """A proxy address on 127.0.0.1 that never answers: its accept queue is full and never drained,
    so the kernel drops every new SYN and each connection attempt hangs until the client's timeout,
    as on a network that silently drops packets."""

    def __init__(self):
        self._listener = socket.socket()
        self._fillers: list[socket.socket] = []

    def __enter__(self) -> BlackHole:
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(0)
        for _ in range(3):  # more than the queue holds: it stays full
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(self._listener.getsockname())
            self._fillers.append(filler)
        time.sleep(0.2)
        return self

    def __exit__(self, *exc) -> None:
        for sock in (*self._fillers, self._listener):
            sock.close()

    @property
    def url(self) -> str:
        host, port = self._listener.getsockname()
        return f"http://{host}:{port}"

    def proxy_env(self) -> dict[str, str]:
        return proxy_env(self.url)
