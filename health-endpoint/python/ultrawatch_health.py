"""GET /health for Python bots (discord.py, asyncio, threads), standard library only, Python 3.8+.

The same contract and JSON answer as ultrawatch's Java ``health-endpoint`` library::

    from ultrawatch_health import HealthEndpoint, CheckResult

    health = HealthEndpoint(port=5001, heartbeat_max_age=30).check(
        "gateway", lambda: CheckResult.up("connected")).start()
    health.heartbeat()                 # from the main loop; thread-safe
    await health.beat_forever(1.0)     # or: as a task on the asyncio loop, so a blocked loop goes stale

``GET /health`` answers 200 ``{"status":"UP",...}`` when every check is UP, 200 ``"DEGRADED"`` when some check is
degraded (alive but not ready, healing by itself) and none is down, and 503 ``"DOWN"`` when any check is DOWN or
the heartbeat is older than ``heartbeat_max_age``. The body::

    {"status":"UP","pid":1234,"uptime_seconds":12.3,"heartbeat_age_ms":120,
     "checks":{"heartbeat":{"status":"UP","detail":"last beat 0.1 s ago"},
               "gateway":{"status":"UP","detail":"connected","duration_ms":0}}}

The server runs on daemon threads of its own (``http.server.ThreadingHTTPServer``), never on the asyncio loop: a
loop blocked by a synchronous call still gets a prompt 503 (stale heartbeat) instead of a probe that hangs. Checks
run on worker threads under a timeout; a check that raises, returns no ``CheckResult`` or outlives its timeout is
DOWN. Every answer carries ``Connection: close``, so the watchdog's kept-alive connection never holds a thread.

Also here: ``exit_for_fix(why)`` (exit code 78, ``EX_CONFIG``: a person must fix something, such as a revoked
token) and ``notify_ready()`` / ``notify_watchdog()`` / ``notify_status(text)`` for systemd's ``NOTIFY_SOCKET``.
"""

from __future__ import annotations

import asyncio
import http.server
import inspect
import json
import os
import socket
import socketserver
import sys
import threading
import time
from typing import Callable, Dict, List, Optional, Tuple

__all__ = [
    "CheckResult",
    "HealthEndpoint",
    "exit_for_fix",
    "notify_ready",
    "notify_watchdog",
    "notify_status",
    "EXIT_FOR_FIX",
    "DEFAULT_PORT",
    "DEFAULT_HOST",
    "DEFAULT_HEARTBEAT_MAX_AGE",
    "DEFAULT_CHECK_TIMEOUT",
]
__version__ = "0.1.0"

#: Exit code of :func:`exit_for_fix`: ``EX_CONFIG`` of sysexits.h, "cannot run until a person fixes something".
EXIT_FOR_FIX = 78
#: Port used when neither ``port=`` nor ``HEALTH_PORT`` is given.
DEFAULT_PORT = 5001
#: Host used when neither ``host=`` nor ``HEALTH_HOST`` is given: loopback only, on purpose.
DEFAULT_HOST = "127.0.0.1"
#: Seconds the last heartbeat may be old before ``/health`` answers 503.
DEFAULT_HEARTBEAT_MAX_AGE = 30.0
#: Seconds a check may take when ``check()`` is given no timeout.
DEFAULT_CHECK_TIMEOUT = 2.0

HEARTBEAT_CHECK = "heartbeat"
_PATH = "/health"


class CheckResult:
    """The outcome of one check: a status (``UP``, ``DEGRADED`` or ``DOWN``) and a short detail. Immutable.

    DEGRADED means alive but not ready, and healing by itself: a Discord gateway drop that the library's own RESUME
    will heal. ``/health`` still answers 200 then, because killing the bot would force a fresh IDENTIFY (Discord
    allows 1000 a day). DOWN (503) is for states only a restart helps; it wins over DEGRADED.
    """

    UP = "UP"
    DEGRADED = "DEGRADED"
    DOWN = "DOWN"
    __slots__ = ("status", "detail")

    def __init__(self, status: str, detail: Optional[str] = "") -> None:
        if status not in (self.UP, self.DEGRADED, self.DOWN):
            raise ValueError("status must be UP, DEGRADED or DOWN, but was %r" % (status,))
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "detail", "" if detail is None else str(detail))

    def __setattr__(self, name, value):
        raise AttributeError("CheckResult is immutable")

    @classmethod
    def up(cls, detail: Optional[str] = "") -> "CheckResult":
        """Healthy."""
        return cls(cls.UP, detail)

    @classmethod
    def degraded(cls, detail: Optional[str] = "") -> "CheckResult":
        """Alive but not ready, recovering on its own: 200 with ``"status":"DEGRADED"``, no restart."""
        return cls(cls.DEGRADED, detail)

    @classmethod
    def down(cls, detail: Optional[str] = "") -> "CheckResult":
        """Useless until restarted: 503."""
        return cls(cls.DOWN, detail)

    @property
    def is_up(self) -> bool:
        return self.status == self.UP

    @property
    def is_down(self) -> bool:
        return self.status == self.DOWN

    def __eq__(self, other) -> bool:
        return isinstance(other, CheckResult) and (self.status, self.detail) == (other.status, other.detail)

    def __hash__(self) -> int:
        return hash((self.status, self.detail))

    def __repr__(self) -> str:
        return "CheckResult(%r, %r)" % (self.status, self.detail)


def _describe(exc: BaseException) -> str:
    message = str(exc).strip()
    if message:
        return message
    kind = type(exc)
    return kind.__qualname__ if kind.__module__ == "builtins" else kind.__module__ + "." + kind.__qualname__


class _Run:
    """One run of a check: its start on the monotonic clock and, once done, its result and duration."""

    __slots__ = ("start", "done", "result", "duration")

    def __init__(self, start: float) -> None:
        self.start = start
        self.done = threading.Event()
        self.result: Optional[CheckResult] = None
        self.duration = 0.0


class _CheckRunner:
    """Runs one check under its timeout, on a daemon thread. At most one run is in flight: a probe that arrives
    while one is going joins it (deadline: that run's start plus the timeout), so a check that hangs forever holds
    one thread and every later probe answers DOWN at once instead of waiting the timeout again."""

    def __init__(self, name: str, fn: Callable[[], CheckResult], timeout: float,
                 clock: Callable[[], float]) -> None:
        self.name = name
        self._fn = fn
        self._timeout = timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._in_flight: Optional[_Run] = None

    def begin(self) -> _Run:
        with self._lock:
            if self._in_flight is not None and not self._in_flight.done.is_set():
                return self._in_flight
            run = _Run(self._clock())
            self._in_flight = run
        threading.Thread(target=self._execute, args=(run,), name="health-check-" + self.name, daemon=True).start()
        return run

    def wait(self, run: _Run) -> Tuple[CheckResult, float]:
        remaining = run.start + self._timeout - self._clock()
        if not run.done.wait(max(0.0, remaining)) or run.duration > self._timeout:
            # Still running, or it finished after its deadline while nobody was waiting: late is too slow.
            return CheckResult.down("timed out after %d ms" % round(self._timeout * 1000)), self._timeout
        assert run.result is not None
        return run.result, run.duration

    def _execute(self, run: _Run) -> None:
        try:
            result = self._fn()
            if result is None:
                result = CheckResult.down("check returned no result")
            elif inspect.isawaitable(result):
                if inspect.iscoroutine(result):
                    result.close()  # never awaited: no "coroutine was never awaited" warning
                result = CheckResult.down("check returned an awaitable; checks run on a thread: pass a plain "
                                          "function that reads the bot's state")
            elif not isinstance(result, CheckResult):
                result = CheckResult.down("check returned %s, not a CheckResult" % type(result).__name__)
        except BaseException as exc:  # noqa: B902 - anything a check does ends as DOWN, never as a lost answer
            result = CheckResult.down(_describe(exc))
        run.result = result
        run.duration = self._clock() - run.start
        run.done.set()


def _format_duration(seconds: float) -> str:
    millis = round(seconds * 1000)
    return "%d s" % (millis // 1000) if millis % 1000 == 0 else "%d ms" % millis


def _process_start(clock: Callable[[], float]) -> float:
    """When this process started, on ``clock`` (like the JVM's uptime in the Java library); now if unknown."""
    try:
        with open("/proc/self/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5); fields[0] is field 3
        with open("/proc/uptime", "rb") as f:
            boot_uptime = float(f.read().split()[0])
        age = boot_uptime - start_ticks / os.sysconf("SC_CLK_TCK")
        return clock() - max(0.0, age)
    except (OSError, ValueError, IndexError):
        return clock()


def _json(value: object) -> str:
    # Compact like the Java library; U+2028/U+2029 are legal JSON but break JavaScript readers, so escape them too.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class HealthEndpoint:
    """``GET /health`` for a Python bot: named checks, each under its own timeout, plus a main-loop heartbeat.

    Configure with :meth:`check`, then :meth:`start` (both return the endpoint, so they chain). ``port`` defaults to
    ``HEALTH_PORT`` or 5001 (0 picks a free one, see :attr:`port`); ``host`` to ``HEALTH_HOST`` or ``127.0.0.1``;
    ``heartbeat_max_age`` (seconds, default 30) is how old the last :meth:`heartbeat` may be before ``/health``
    answers 503; 0 disables that judgement (the age is still reported). Starting counts as the first beat.

    ``HEAD /health`` answers the same status without a body; other paths 404, other methods 405.
    :meth:`heartbeat`, :attr:`port` and :meth:`close` are thread-safe. Use it as a context manager to close it.
    """

    def __init__(self, port: Optional[int] = None, host: Optional[str] = None,
                 heartbeat_max_age: float = DEFAULT_HEARTBEAT_MAX_AGE,
                 *, clock: Callable[[], float] = time.monotonic) -> None:
        if port is not None:
            _check_port("port", port)
        if host is not None and not str(host).strip():
            raise ValueError("host must not be blank")
        if heartbeat_max_age < 0:
            raise ValueError("heartbeat_max_age must not be negative, but was %r" % (heartbeat_max_age,))
        self._port = port
        self._host = host
        self._max_age = float(heartbeat_max_age)
        self._clock = clock  # tests only: the monotonic clock behind the heartbeat and check timeouts
        self._checks: List[_CheckRunner] = []
        self._last_beat = clock()
        self._started_at = _process_start(clock)
        self._server: Optional[http.server.ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None
        self._close_lock = threading.Lock()
        self._closed = False

    # -- configuration ----------------------------------------------------------------------------------------------

    def check(self, name: str, fn: Callable[[], CheckResult],
              timeout: float = DEFAULT_CHECK_TIMEOUT) -> "HealthEndpoint":
        """Adds a named check: a plain function (not a coroutine) returning a :class:`CheckResult`.

        It runs on a daemon thread whenever ``/health`` is asked, not on the asyncio loop, so it should only read
        state (``bot.is_closed()``, ``bot.latency``). Slower than ``timeout`` seconds: DOWN ``"timed out after <ms>
        ms"``; raises: DOWN with the exception's message. The name ``heartbeat`` is reserved.
        """
        if self._server is not None:
            raise RuntimeError("add checks before start()")
        if not isinstance(name, str) or not name.strip():
            raise ValueError("check name must not be blank")
        if name == HEARTBEAT_CHECK:
            raise ValueError("check name '%s' is reserved for the built-in heartbeat check; pick another name"
                             % HEARTBEAT_CHECK)
        if not callable(fn):
            raise TypeError("check '%s' must be callable" % name)
        if not timeout > 0:
            raise ValueError("timeout of check '%s' must be positive, but was %r" % (name, timeout))
        if any(c.name == name for c in self._checks):
            raise ValueError("check '%s' is already registered" % name)
        self._checks.append(_CheckRunner(name, fn, float(timeout), self._clock))
        return self

    def start(self) -> "HealthEndpoint":
        """Binds and serves from a daemon thread. Raises ``OSError`` naming the address when it cannot bind, and
        ``ValueError`` when ``HEALTH_PORT`` is not a port number."""
        if self._server is not None:
            raise RuntimeError("already started")
        host = self._host if self._host is not None else _env("HEALTH_HOST") or DEFAULT_HOST
        port = self._port if self._port is not None else _env_port()
        try:
            family, _, _, _, sockaddr = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0]
            server_class = type("_HealthServer", (_HealthServer,), {"address_family": family})
            server = server_class(sockaddr, _HealthHandler)
        except OSError as exc:
            raise OSError(getattr(exc, "errno", None),
                          "cannot bind the health endpoint to %s:%s: %s" % (host, port, exc.strerror or exc)) from exc
        server.endpoint = self
        self._last_beat = self._clock()
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="health-http", daemon=True)
        self._thread.start()
        return self

    # -- use ----------------------------------------------------------------------------------------------------------

    def heartbeat(self) -> None:
        """Records a beat of the bot's main loop. Cheap and thread-safe: call it every turn."""
        self._last_beat = self._clock()

    async def beat_forever(self, interval: float = 1.0) -> None:
        """Beats every ``interval`` seconds from the running asyncio loop, until cancelled.

        Run it as a task (``asyncio.create_task(health.beat_forever())``, or discord.py's ``setup_hook``): when a
        synchronous call blocks the loop, the beats stop and ``/health`` answers 503 once ``heartbeat_max_age`` has
        passed. Keep ``interval`` well below ``heartbeat_max_age``.
        """
        if not interval > 0:
            raise ValueError("interval must be positive, but was %r" % (interval,))
        while True:
            self.heartbeat()
            await asyncio.sleep(interval)

    @property
    def port(self) -> int:
        """The port actually bound (useful after ``port=0``)."""
        return self.address[1]

    @property
    def address(self) -> Tuple[str, int]:
        """``(host, port)`` actually bound."""
        if self._server is None:
            raise RuntimeError("not started")
        return self._server.server_address[0], self._server.server_address[1]

    def close(self) -> None:
        """Stops answering and closes the socket. Idempotent; not from a check or the HTTP thread."""
        with self._close_lock:
            if self._closed or self._server is None:
                self._closed = True
                return
            self._closed = True
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> "HealthEndpoint":
        return self if self._server is not None else self.start()

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- evaluation ---------------------------------------------------------------------------------------------------

    def evaluate(self) -> Tuple[int, str]:
        """Runs every check (concurrently, each under its timeout) and judges the heartbeat: ``(http code, JSON)``."""
        runs = [(runner, runner.begin()) for runner in self._checks]
        age = max(0.0, self._clock() - self._last_beat)
        checks: Dict[str, Dict[str, object]] = {}
        statuses = []
        if self._max_age > 0:
            ago = "last beat %.1f s ago" % age
            if age > self._max_age:
                beat = CheckResult.down(ago + ", max " + _format_duration(self._max_age))
            else:
                beat = CheckResult.up(ago)
            checks[HEARTBEAT_CHECK] = {"status": beat.status, "detail": beat.detail}
            statuses.append(beat.status)
        for runner, run in runs:
            result, duration = runner.wait(run)
            checks[runner.name] = {"status": result.status, "detail": result.detail,
                                   "duration_ms": int(duration * 1000)}
            statuses.append(result.status)
        if CheckResult.DOWN in statuses:
            overall = CheckResult.DOWN
        elif CheckResult.DEGRADED in statuses:
            overall = CheckResult.DEGRADED
        else:
            overall = CheckResult.UP
        body = {
            "status": overall,
            "pid": os.getpid(),
            "uptime_seconds": round(max(0.0, self._clock() - self._started_at), 1),
            "heartbeat_age_ms": int(age * 1000),
            "checks": checks,
        }
        return (503 if overall == CheckResult.DOWN else 200), _json(body)


class _HealthServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    endpoint: HealthEndpoint

    def server_bind(self) -> None:
        # HTTPServer.server_bind would look the host's name up in DNS (getfqdn); a bot's start must not wait on that.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request, client_address) -> None:
        pass  # a client that hung up is not worth a traceback in the bot's log


class _HealthHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # with Connection: close on every answer
    server_version = "ultrawatch-health/" + __version__
    timeout = 10  # a client that connects and says nothing does not hold a thread forever
    server: _HealthServer

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _not_allowed(self) -> None:
        self._send(405, '{"error":"method not allowed"}', head=False, extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def _answer(self, head: bool) -> None:
        if self.path.split("?", 1)[0] != _PATH:
            self._send(404, '{"error":"not found"}', head)
            return
        code, body = self.server.endpoint.evaluate()
        self._send(code, body, head)

    def _send(self, code: int, body: str, head: bool, extra: Optional[Dict[str, str]] = None) -> None:
        data = body.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def version_string(self) -> str:
        return self.server_version  # not the Python version

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass  # a probe every few seconds would flood the bot's log


def _env(name: str) -> Optional[str]:
    value = os.environ.get(name)
    return value.strip() if value and value.strip() else None


def _check_port(field: str, port: int) -> int:
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ValueError("%s must be between 0 and 65535, but was %r" % (field, port))
    return port


def _env_port() -> int:
    value = _env("HEALTH_PORT")
    if value is None:
        return DEFAULT_PORT
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise ValueError("HEALTH_PORT must be an integer between 0 and 65535, but was '%s'" % value)
    return port


# -- exit for a fix -----------------------------------------------------------------------------------------------------

def exit_for_fix(why: str) -> None:
    """Exits with code 78 (``EX_CONFIG``): the bot cannot run until a person fixes something (a revoked token, a
    missing permission, a broken config), so starting it again as is would fail the same way.

    Prints one line with ``why`` to stderr first; ``why`` lands in the bot's log, so never pass a secret ("token
    rejected", not the token). From the main thread it raises ``SystemExit(78)`` (``finally`` blocks and ``atexit``
    run; asyncio and discord.py let it through); from any other thread, where ``SystemExit`` would only end that
    thread, it flushes stdout and stderr and ends the process with ``os._exit(78)``. Never returns.
    """
    reason = str(why).strip() if why is not None and str(why).strip() else "no reason given"
    print("exiting with code %d (EX_CONFIG), needs a fix by a person: %s" % (EXIT_FOR_FIX, reason),
          file=sys.stderr, flush=True)
    if threading.current_thread() is threading.main_thread():
        sys.exit(EXIT_FOR_FIX)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(EXIT_FOR_FIX)


# -- systemd notify -----------------------------------------------------------------------------------------------------

def _notify(state: str) -> bool:
    """Sends ``state`` to ``$NOTIFY_SOCKET``; ``False`` (and nothing raised) when unset or unreachable."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if address.startswith("@"):
        address = "\0" + address[1:]  # abstract namespace
    elif not address.startswith("/"):
        return False  # unset, or a kind of socket we do not speak (vsock)
    if not hasattr(socket, "AF_UNIX"):
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(state.encode("utf-8"))
        return True
    except OSError:
        return False


def notify_ready() -> bool:
    """Tells the supervisor the bot is ready: ``READY=1`` (ultrawatch's ``health.type: notify``, systemd's
    ``Type=notify``). Does nothing without ``NOTIFY_SOCKET``. Each message goes on a fresh socket, so a watchdog that
    was replaced (and rebound the same path) still gets the next one."""
    return _notify("READY=1")


def notify_watchdog() -> bool:
    """Resets the supervisor's deadline (``watchdog_interval``, systemd's ``WatchdogSec=``): ``WATCHDOG=1``. Call it
    from the bot's own loop, so a stuck loop stops it. Does nothing without ``NOTIFY_SOCKET``."""
    return _notify("WATCHDOG=1")


def notify_status(text: str) -> bool:
    """Sets the bot's status line (``status_text`` in status.json, the dashboard; ``systemctl status``):
    ``STATUS=text`` (one line; newlines become spaces)."""
    return _notify("STATUS=" + " ".join(str(text).splitlines()))
