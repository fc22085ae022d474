#!/usr/bin/env python3
"""An example Python bot for ultrawatch: an asyncio main loop, a fake "gateway", /health from ultrawatch_health,
and faults you can inject at run time through a control file. Standard library only.

    python3 bot.py --control-file control          # then: echo block-loop > control

Control file specs, one a line (the file is consumed when read; # starts a comment):
    block-loop[:SECONDS]   the asyncio loop blocks (time.sleep in a coroutine): the heartbeat goes stale, 503
    degraded / healthy     the gateway check turns DEGRADED (200, "status":"DEGRADED") / back to UP
    crash                  an uncaught exception ends the bot (exit code 1)
    exit-for-fix           exits with code 78, as on a rejected token
"""

import argparse
import asyncio
import hashlib
import os
import signal
import sys
import threading
import time

try:
    import ultrawatch_health  # installed (pip install ./health-endpoint/python) or on PYTHONPATH
except ImportError:  # run from the repository: use the helper's folder directly
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "health-endpoint",
                                    "python"))
    import ultrawatch_health

from ultrawatch_health import CheckResult, HealthEndpoint

CONTROL_POLL_SECONDS = 0.1
SPECS = ("block-loop", "degraded", "healthy", "crash", "exit-for-fix")


def log(message):
    print(time.strftime("%H:%M:%S ") + message, flush=True)


class Gateway:
    """A stand-in for a chat library's gateway connection: "connects", then receives an event a second."""

    def __init__(self):
        self.connected = False
        self.resuming = False  # set by the "degraded" fault: a drop the library would RESUME on its own
        self.events = 0

    async def run(self):
        await asyncio.sleep(0.2)  # the handshake
        self.connected = True
        log("gateway connected")
        # For health.type: notify (or systemd's Type=notify); each does nothing without NOTIFY_SOCKET.
        ultrawatch_health.notify_ready()
        while True:
            await asyncio.sleep(1.0)
            self.events += 1
            ultrawatch_health.notify_watchdog()  # from the loop itself: a blocked loop stops the beats

    def check(self):
        """Runs on the health endpoint's thread: only reads state."""
        if self.resuming:
            return CheckResult.degraded("gateway resuming (fault injected)")
        if not self.connected:
            return CheckResult.degraded("connecting")
        return CheckResult.up("connected, %d events" % self.events)


def parse_spec(line):
    """(name, argument or None) of one control-file line; ValueError naming the known specs."""
    name, _, arg = line.partition(":")
    name = name.strip()
    if name not in SPECS:
        raise ValueError("unknown spec '%s'; known: %s" % (name, ", ".join(SPECS)))
    if arg and name != "block-loop":
        raise ValueError("spec '%s' takes no argument" % name)
    if arg:
        float(arg)
    return name, (arg or None)


class ControlFile:
    """Polls a file from a thread of its own (so it still works while the loop is blocked), claims it by renaming,
    and hands each spec to the loop."""

    def __init__(self, path, apply):
        self.path = path
        self.claimed = path + ".claimed"
        self.apply = apply

    def start(self):
        threading.Thread(target=self._poll_forever, name="control-file", daemon=True).start()

    def _poll_forever(self):
        while True:
            self.poll_once()
            time.sleep(CONTROL_POLL_SECONDS)

    def poll_once(self):
        try:
            if os.path.getsize(self.path) == 0:
                return  # `echo x > file` creates it empty first
            os.replace(self.path, self.claimed)
            with open(self.claimed, encoding="utf-8") as f:
                lines = f.read().splitlines()
            os.remove(self.claimed)
        except FileNotFoundError:
            return
        except OSError as exc:
            log("control file %s: cannot read it: %s" % (self.path, exc))
            return
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                spec = parse_spec(line)
            except ValueError as exc:
                log("control file %s line %d: %s" % (self.path, number, exc))
                continue
            log("control file %s: %s" % (self.path, line))
            self.apply(*spec)


async def block_loop(seconds):
    log("blocking the asyncio loop for %.0f s" % seconds)
    time.sleep(seconds)  # deliberately synchronous: nothing else on the loop runs, beat_forever included
    log("the asyncio loop runs again")


async def crash():
    raise RuntimeError("crash fault injected")


async def exit_for_fix():
    ultrawatch_health.exit_for_fix("token rejected (fault injected)")


async def main(args):
    token = os.environ.get("BOT_TOKEN", "")
    if token:  # only ever a fingerprint, never the token
        log("token fingerprint %s" % hashlib.sha256(token.encode()).hexdigest()[:8])

    gateway = Gateway()
    health = HealthEndpoint(port=args.port, heartbeat_max_age=args.heartbeat_max_age)
    health.check("gateway", gateway.check, timeout=2.0).start()
    log("health on http://%s:%d/health (pid %d)" % (health.address[0], health.port, os.getpid()))

    loop = asyncio.get_running_loop()
    failed = loop.create_future()  # crash and exit-for-fix end main() through it

    def on_done(task):
        if not task.cancelled() and task.exception() is not None and not failed.done():
            failed.set_exception(task.exception())

    def run_on_loop(coroutine_function, *fn_args):
        # Called from the control-file thread: the coroutine itself runs on the loop.
        loop.call_soon_threadsafe(lambda: loop.create_task(coroutine_function(*fn_args)).add_done_callback(on_done))

    def apply(name, arg):
        if name == "block-loop":
            run_on_loop(block_loop, float(arg) if arg else 3600.0)
        elif name == "degraded":
            gateway.resuming = True
        elif name == "healthy":
            gateway.resuming = False
        elif name == "crash":
            run_on_loop(crash)
        elif name == "exit-for-fix":
            run_on_loop(exit_for_fix)

    if args.control_file:
        ControlFile(args.control_file, apply).start()

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    tasks = [asyncio.ensure_future(gateway.run()), asyncio.ensure_future(health.beat_forever(args.beat_interval))]
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait([failed, stopping], return_when=asyncio.FIRST_COMPLETED)
        if failed.done():
            failed.result()  # raises: RuntimeError (exit 1) or SystemExit(78)
        log("stopping (signal)")
    finally:
        for task in tasks + [stopping]:
            task.cancel()
        health.close()


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=None,
                        help="health port; default HEALTH_PORT, else 5001 (0 picks a free one)")
    parser.add_argument("--heartbeat-max-age", type=float, default=10.0,
                        help="seconds without a beat before /health answers 503 (default 10)")
    parser.add_argument("--beat-interval", type=float, default=1.0, help="seconds between beats (default 1)")
    parser.add_argument("--control-file", metavar="PATH", help="file polled for fault specs, one a line")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args(sys.argv[1:])))
