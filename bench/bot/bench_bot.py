#!/usr/bin/python3 -S
"""The bench bot: one small, non-JVM bot that every supervisor runs the same way.

GET /health      200 {"pid": N} (held open, never answered, while hung)
GET /fault/NAME  crash | hang | hardhang | leak | ignore_term | spawn_child; answered 200 before it acts
GET /stats       {"pid": N, "health": [epoch ms of every /health request]}, for probe-lateness figures

With NOTIFY_SOCKET set (systemd's sd_notify protocol, health.type notify) it also sends READY=1 once it listens,
then WATCHDOG=1 from its selector loop every WATCHDOG_USEC/2 (systemd's advice in sd_watchdog_enabled(3); only when
WATCHDOG_PID is unset or its own pid) or every --beat-ms. Each message is its own sendto, as sd_notify(3) does: a
socket connect()ed once would keep talking to a replaced watchdog's socket. A hang or hardhang stops the beats
along with the /health answers: the loop is what is stuck.

Everything the harness times comes from this file's own stamps, one line each, appended to --events:
  START pid=.. at_ms=.. fork_ms=..     first line of the script; fork_ms is the kernel's start time of the process
  READY pid=.. at_ms=.. [notify_beat_ms=..]   listening (and READY=1 sent; beat period, 0 = READY=1 only)
  FAULT name pid=.. at_ms=.. [last_beat_ms=..]   the moment a fault takes effect (leak_cross: RSS passed
                                       --leak-limit-mb); last_beat_ms: the last WATCHDOG=1 sent, or READY=1 before the
                                       first one (either starts the watchdog's deadline), when notifying
  HELD pid=.. at_ms=..                 the first /health request a hang holds unanswered (the HTTP probe that fails)
  TERM pid=.. at_ms=.. action=exit|ignored
  CHILD pid=.. child=.. at_ms=..       a grandchild was spawned (orphan checks)

One thread and a selector: a hang holds /health connections open without a thread each, so a long hang costs no
memory (a thread per held request would grow RSS and trip the memory check instead of the health check).
Plain stdlib, started with `python3 -S` so the interpreter starts in about 10 ms.
"""
import time

T0 = time.time()

import os
import selectors
import signal
import socket
import subprocess
import sys

PID = os.getpid()


def now_ms():
    return int(time.time() * 1000)


def fork_epoch_ms():
    """When the kernel created this process, in epoch ms (10 ms resolution: /proc counts clock ticks)."""
    try:
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        hz = os.sysconf("SC_CLK_TCK")
        since_boot = time.clock_gettime(time.CLOCK_BOOTTIME)
        return int((time.time() - (since_boot - start_ticks / hz)) * 1000)
    except (OSError, ValueError, IndexError):
        return -1


def parse_args(argv):
    opts = {"port": None, "events": None, "pidfile": None, "leak_limit_mb": 64, "leak_step_mb": 8,
            "leak_cap_mb": 768, "beat_ms": None}
    i = 0
    while i < len(argv):
        key = argv[i].lstrip("-").replace("-", "_")
        if key not in opts or i + 1 >= len(argv):
            sys.stderr.write("usage: bench_bot.py --port N --events FILE [--pidfile F] [--leak-limit-mb M]"
                             " [--beat-ms MS]\n")
            sys.exit(2)
        opts[key] = argv[i + 1]
        i += 2
    if opts["port"] is None or opts["events"] is None:
        sys.stderr.write("bench_bot.py: --port and --events are required\n")
        sys.exit(2)
    return opts


OPTS = parse_args(sys.argv[1:])
EVENTS = os.open(OPTS["events"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)


def stamp(line):
    # One write(2) on an O_APPEND file: lines of successive bot processes never interleave.
    os.write(EVENTS, (line + "\n").encode())


stamp("START pid=%d at_ms=%d fork_ms=%d" % (PID, int(T0 * 1000), fork_epoch_ms()))
if OPTS["pidfile"]:
    tmp = OPTS["pidfile"] + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % PID)
    os.rename(tmp, OPTS["pidfile"])


class Notifier:
    """sd_notify(3) from the bot's own loop: one sendto per message to NOTIFY_SOCKET ("@name" is abstract).

    A failed send (the watchdog gone, its queue full for a second) loses that message only: the bot goes on, and a
    watchdog that missed beats acts on it as it would on a hang. No stamp per beat: at 200 bots a line a beat would
    be the bench's own load; the FAULT line carries the last one.
    """

    def __init__(self, path, beat_s):
        self.address = "\0" + path[1:] if path.startswith("@") else path
        self.beat_s = beat_s
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.settimeout(1.0)   # a wedged receiver delays the loop a second at most, never for good
        self.last_ms = -1           # the last READY=1 or WATCHDOG=1 that went out: either starts the deadline
        self.next_beat = None       # monotonic time of the next WATCHDOG=1; None = no beats

    def send(self, message):
        try:
            self.sock.sendto(message, self.address)
        except OSError:
            return
        self.last_ms = now_ms()

    def ready(self):
        self.send(b"READY=1")
        if self.beat_s:
            self.next_beat = time.monotonic() + self.beat_s

    def beat_if_due(self):
        if self.next_beat is not None and time.monotonic() >= self.next_beat:
            self.send(b"WATCHDOG=1")
            # From now, not from the missed slot: a loop that was busy sends one beat, not a burst to catch up.
            self.next_beat = time.monotonic() + self.beat_s


def beat_period_s():
    """--beat-ms, else WATCHDOG_USEC/2 when the deadline is meant for this process (WATCHDOG_PID unset or ours)."""
    if OPTS["beat_ms"] is not None:
        return int(OPTS["beat_ms"]) / 1000.0
    usec = os.environ.get("WATCHDOG_USEC", "")
    owner = os.environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0 or (owner and owner != str(PID)):
        return None
    return int(usec) / 2e6


NOTIFY = Notifier(os.environ["NOTIFY_SOCKET"], beat_period_s()) if os.environ.get("NOTIFY_SOCKET") else None


def fault_stamp(name, extra=""):
    beat = " last_beat_ms=%d" % NOTIFY.last_ms if NOTIFY else ""
    stamp("FAULT %s pid=%d at_ms=%d%s%s" % (name, PID, now_ms(), beat, extra))


hung = False
held_stamped = False
ignore_term = False
leaking = False
leak_crossed = False
leaked = []
health_log = []
held = []


def on_term(signum, frame):
    if ignore_term:
        stamp("TERM pid=%d at_ms=%d action=ignored" % (PID, now_ms()))
        return
    stamp("TERM pid=%d at_ms=%d action=exit" % (PID, now_ms()))
    os._exit(0)


signal.signal(signal.SIGTERM, on_term)
signal.signal(signal.SIGINT, on_term)


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def leak_step():
    global leak_crossed
    if sum(len(b) for b in leaked) < int(OPTS["leak_cap_mb"]) << 20:
        leaked.append(b"\x01" * (int(OPTS["leak_step_mb"]) << 20))  # written, so it is resident
    if not leak_crossed:
        rss = rss_mb()
        if rss > int(OPTS["leak_limit_mb"]):
            leak_crossed = True
            fault_stamp("leak_cross", " rss_mb=%d" % rss)


# HTTP/1.1 keep-alive, as the servers bots are built on offer it (Python's http.server with HTTP/1.1, aiohttp,
# Node, Go, the JDK's HttpServer): a client that asks for Connection: close (the harness, monit) gets it.
keep_alive = set()


def respond(conn, status, body):
    keep = conn in keep_alive
    data = ("HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: %s\r\n\r\n%s"
            % (status, len(body), "keep-alive" if keep else "close", body)).encode()
    try:
        conn.setblocking(True)
        conn.settimeout(1.0)
        conn.sendall(data)
    except OSError:
        keep = False
    keep_alive.discard(conn)
    if keep:
        conn.setblocking(False)
        buffers[conn] = b""
        sel.register(conn, selectors.EVENT_READ, "read")
    else:
        conn.close()


def fault(name, conn):
    global hung, ignore_term, leaking
    if name not in ("crash", "hang", "hardhang", "leak", "ignore_term", "spawn_child"):
        respond(conn, "404 Not Found", '{"error":"unknown fault"}')
        return
    respond(conn, "200 OK", '{"fault":"%s","pid":%d}' % (name, PID))
    if name == "crash":
        fault_stamp("crash")
        os._exit(1)
    elif name == "hang":
        hung = True
        fault_stamp("hang")
    elif name == "hardhang":
        ignore_term = True
        hung = True
        fault_stamp("hardhang")
    elif name == "ignore_term":
        ignore_term = True
        fault_stamp("ignore_term")
    elif name == "leak":
        leaking = True
        fault_stamp("leak")
    elif name == "spawn_child":
        # Same session and process group as the bot, no inherited sockets: a plain helper process.
        child = subprocess.Popen(["sleep", "600"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        stamp("CHILD pid=%d child=%d at_ms=%d" % (PID, child.pid, now_ms()))


def handle(conn, request):
    global held_stamped
    line = request.split(b"\r\n", 1)[0].decode("latin-1").split()
    if len(line) >= 3 and line[2] == "HTTP/1.1" and b"\r\nconnection: close" not in request.lower():
        keep_alive.add(conn)
    path = line[1] if len(line) >= 2 else "/"
    if path == "/health":
        health_log.append(now_ms())
        if hung:
            if not held_stamped:
                # The request the supervisor's probe now waits on: its arrival + the probe timeout is the decision's
                # deadline. One line a hang (the harness sends no /health of its own until the restart).
                held_stamped = True
                stamp("HELD pid=%d at_ms=%d" % (PID, now_ms()))
            held.append(conn)  # never answered; closed when the client gives up
            sel.register(conn, selectors.EVENT_READ, "held")
            if len(held) > 2000:
                old = held.pop(0)
                sel.unregister(old)
                keep_alive.discard(old)
                old.close()
            return
        respond(conn, "200 OK", '{"status":"UP","pid":%d}' % PID)
    elif path.startswith("/fault/"):
        fault(path[len("/fault/"):], conn)
    elif path == "/stats":
        respond(conn, "200 OK", '{"pid":%d,"health":[%s]}' % (PID, ",".join(str(t) for t in health_log)))
    else:
        respond(conn, "404 Not Found", '{"error":"not found"}')


def listen(port):
    deadline = time.monotonic() + 3.0
    while True:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            s.listen(256)
            s.setblocking(False)
            return s
        except OSError as e:
            s.close()
            if time.monotonic() > deadline:
                stamp("BINDFAIL pid=%d at_ms=%d error=%s" % (PID, now_ms(), e.strerror.replace(" ", "_")))
                sys.exit(3)
            time.sleep(0.02)


sel = selectors.DefaultSelector()
server = listen(int(OPTS["port"]))
sel.register(server, selectors.EVENT_READ, "accept")
if NOTIFY:
    NOTIFY.ready()
    stamp("READY pid=%d at_ms=%d notify_beat_ms=%d" % (PID, now_ms(), round((NOTIFY.beat_s or 0) * 1000)))
else:
    stamp("READY pid=%d at_ms=%d" % (PID, now_ms()))
buffers = {}
next_leak = 0.0

while True:
    wakeups = []
    if leaking:
        wakeups.append(next_leak)
    if NOTIFY and NOTIFY.next_beat is not None and not hung:
        wakeups.append(NOTIFY.next_beat)
    timeout = max(0.0, min(wakeups) - time.monotonic()) if wakeups else None
    for key, _ in sel.select(timeout):
        if key.data == "accept":
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            conn.setblocking(False)
            buffers[conn] = b""
            sel.register(conn, selectors.EVENT_READ, "read")
            continue
        conn = key.fileobj
        try:
            chunk = conn.recv(4096)
        except OSError:
            chunk = b""
        if key.data == "held":
            if not chunk:  # the client gave up waiting
                sel.unregister(conn)
                held.remove(conn)
                keep_alive.discard(conn)
                conn.close()
            continue
        if not chunk:
            sel.unregister(conn)
            buffers.pop(conn, None)
            conn.close()
            continue
        buffers[conn] += chunk
        if b"\r\n\r\n" in buffers[conn] or len(buffers[conn]) > 8192:
            request = buffers.pop(conn)
            sel.unregister(conn)
            handle(conn, request)
    if leaking and time.monotonic() >= next_leak:
        leak_step()
        next_leak = time.monotonic() + 0.1
    if NOTIFY and not hung:
        NOTIFY.beat_if_due()
