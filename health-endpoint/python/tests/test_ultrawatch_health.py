"""ultrawatch_health against real sockets: each test starts its own endpoint on an ephemeral port (or binds its own
Unix socket) and talks to it for real. Run from the repository root:

    python3 -m unittest discover -s health-endpoint/python/tests -t health-endpoint/python
"""

import asyncio
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid
from unittest import mock

import ultrawatch_health
from ultrawatch_health import CheckResult, HealthEndpoint

MODULE_DIR = os.path.dirname(os.path.abspath(ultrawatch_health.__file__))


def request(port, path="/health", method="GET", timeout=5.0):
    """One request on a fresh connection: (status, headers, body text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8")
    finally:
        conn.close()


def poll_until(port, condition, timeout):
    """Polls /health until condition((status, headers, body)) holds; fails with the last answer at the deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = request(port)
        if condition(last):
            return last
        if time.monotonic() >= deadline:
            raise AssertionError("condition not met within %.1f s; last answer %s %s" % (timeout, last[0], last[2]))
        time.sleep(0.02)  # pause between polls, bounded by the deadline


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class EndpointTestCase(unittest.TestCase):

    def setUp(self):
        # Keep every test away from whatever HEALTH_HOST / HEALTH_PORT the machine running the build has.
        patcher = mock.patch.dict(os.environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        os.environ.pop("HEALTH_HOST", None)
        os.environ.pop("HEALTH_PORT", None)
        os.environ.pop("NOTIFY_SOCKET", None)
        self.release = threading.Event()  # set after each test so a deliberately stuck check does not outlive it
        self.addCleanup(self.release.set)

    def start(self, endpoint):
        endpoint.start()
        self.addCleanup(endpoint.close)
        return endpoint


class ContractTest(EndpointTestCase):

    def test_healthy_bot_answers_200_with_the_java_librarys_json_shape(self):
        ep = self.start(HealthEndpoint(port=0).check("discord", lambda: CheckResult.up("connected")))
        ep.heartbeat()

        status, headers, body = request(ep.port)

        self.assertEqual(200, status)
        self.assertEqual("application/json", headers["content-type"])
        self.assertEqual("no-store", headers["cache-control"])
        self.assertEqual("close", headers["connection"])
        # Byte for byte the layout HealthReport.toJson writes: key order, compact separators, one decimal uptime.
        self.assertRegex(body, r'^\{"status":"UP","pid":%d,"uptime_seconds":\d+\.\d,"heartbeat_age_ms":\d+,'
                               r'"checks":\{"heartbeat":\{"status":"UP","detail":"last beat \d+\.\d s ago"\},'
                               r'"discord":\{"status":"UP","detail":"connected","duration_ms":\d+\}\}\}$'
                         % os.getpid())
        doc = json.loads(body)
        self.assertEqual(["status", "pid", "uptime_seconds", "heartbeat_age_ms", "checks"], list(doc))
        self.assertEqual(["heartbeat", "discord"], list(doc["checks"]))
        self.assertNotIn("duration_ms", doc["checks"]["heartbeat"])

    def test_uptime_is_the_processs_uptime(self):
        ep = self.start(HealthEndpoint(port=0))
        uptime = json.loads(request(ep.port)[2])["uptime_seconds"]
        # This interpreter has been running at least as long as the test run so far; not since the endpoint started.
        self.assertGreaterEqual(uptime + 0.2, time.monotonic() - START_MONOTONIC)

    def test_server_closes_every_connection_so_a_kept_alive_probe_never_holds_a_thread(self):
        ep = self.start(HealthEndpoint(port=0))
        with socket.create_connection(("127.0.0.1", ep.port), timeout=5) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
            data = b""
            while True:
                chunk = sock.recv(4096)  # the server closes after one answer: recv returns b"" instead of blocking
                if not chunk:
                    break
                data += chunk
        self.assertTrue(data.startswith(b"HTTP/1.1 200 "), data)
        self.assertIn(b"\r\nConnection: close\r\n", data)
        self.assertEqual(1, data.count(b"HTTP/1.1 "))

    def test_degraded_check_answers_200_with_status_degraded(self):
        ep = self.start(HealthEndpoint(port=0)
                        .check("discord", lambda: CheckResult.degraded("gateway resuming"))
                        .check("database", lambda: CheckResult.up("ok")))

        status, _, body = request(ep.port)

        self.assertEqual(200, status)
        doc = json.loads(body)
        self.assertEqual("DEGRADED", doc["status"])
        self.assertEqual({"status": "DEGRADED", "detail": "gateway resuming"},
                         {k: doc["checks"]["discord"][k] for k in ("status", "detail")})
        self.assertEqual("UP", doc["checks"]["heartbeat"]["status"])
        self.assertEqual(200, request(ep.port, method="HEAD")[0])

    def test_down_wins_over_degraded(self):
        ep = self.start(HealthEndpoint(port=0)
                        .check("discord", lambda: CheckResult.degraded("gateway resuming"))
                        .check("database", lambda: CheckResult.down('pool "main" exhausted')))

        status, _, body = request(ep.port)

        self.assertEqual(503, status)
        self.assertTrue(body.startswith('{"status":"DOWN"'), body)
        self.assertIn('"database":{"status":"DOWN","detail":"pool \\"main\\" exhausted"', body)

    def test_stale_heartbeat_turns_503_even_when_degraded_and_a_beat_brings_it_back(self):
        clock = FakeClock()
        ep = self.start(HealthEndpoint(port=0, heartbeat_max_age=30, clock=clock)
                        .check("discord", lambda: CheckResult.degraded("resuming")))
        self.assertEqual(200, request(ep.port)[0])

        clock.now += 35.2
        status, _, body = request(ep.port)

        self.assertEqual(503, status)
        self.assertIn('"heartbeat_age_ms":35200', body)
        self.assertIn('"heartbeat":{"status":"DOWN","detail":"last beat 35.2 s ago, max 30 s"}', body)
        ep.heartbeat()
        self.assertEqual(200, request(ep.port)[0])

    def test_sub_second_max_age_is_named_in_ms(self):
        clock = FakeClock()
        ep = self.start(HealthEndpoint(port=0, heartbeat_max_age=0.2, clock=clock))
        clock.now += 0.5
        self.assertIn("last beat 0.5 s ago, max 200 ms", request(ep.port)[2])

    def test_zero_max_age_disables_the_heartbeat_check(self):
        clock = FakeClock()
        ep = self.start(HealthEndpoint(port=0, heartbeat_max_age=0, clock=clock))
        clock.now += 3600
        status, _, body = request(ep.port)
        self.assertEqual(200, status)
        self.assertIn('"heartbeat_age_ms":3600000', body)
        self.assertIn('"checks":{}', body)

    def test_a_check_that_raises_is_down_with_its_message(self):
        def boom():
            raise RuntimeError("gateway closed with 4004")

        def silent():
            raise OSError()

        ep = self.start(HealthEndpoint(port=0).check("discord", boom).check("silent", silent))
        status, _, body = request(ep.port)
        self.assertEqual(503, status)
        self.assertIn('"discord":{"status":"DOWN","detail":"gateway closed with 4004"', body)
        self.assertIn('"silent":{"status":"DOWN","detail":"OSError"', body)

    def test_a_check_returning_none_a_coroutine_or_a_bool_is_down(self):
        async def coro():
            return CheckResult.up()

        ep = self.start(HealthEndpoint(port=0)
                        .check("lazy", lambda: None)
                        .check("async", coro)
                        .check("bool", lambda: True))
        status, _, body = request(ep.port)
        doc = json.loads(body)
        self.assertEqual(503, status)
        self.assertEqual("check returned no result", doc["checks"]["lazy"]["detail"])
        self.assertIn("checks run on a thread", doc["checks"]["async"]["detail"])
        self.assertEqual("check returned bool, not a CheckResult", doc["checks"]["bool"]["detail"])

    def test_hung_check_is_down_after_its_timeout_and_the_stuck_run_is_joined(self):
        runs = []

        def stuck():
            runs.append(1)
            self.release.wait(30)
            return CheckResult.up("finally")

        ep = self.start(HealthEndpoint(port=0).check("gateway", stuck, timeout=0.3))
        begin = time.monotonic()
        status, _, body = request(ep.port)
        took = time.monotonic() - begin

        self.assertEqual(503, status)
        self.assertIn('"gateway":{"status":"DOWN","detail":"timed out after 300 ms"', body)
        self.assertLess(took, 3.0)
        begin = time.monotonic()
        status, _, body = request(ep.port)
        self.assertEqual(503, status)
        self.assertIn("timed out after 300 ms", body)
        self.assertLess(time.monotonic() - begin, 0.25, "the second probe must not wait the timeout again")
        self.assertEqual(1, len(runs))

    def test_other_paths_are_404_and_other_methods_405(self):
        ep = self.start(HealthEndpoint(port=0))
        self.assertEqual(404, request(ep.port, "/")[0])
        self.assertEqual(404, request(ep.port, "/healthz")[0])
        self.assertEqual(200, request(ep.port, "/health?verbose=1")[0])
        status, headers, _ = request(ep.port, method="POST")
        self.assertEqual(405, status)
        self.assertEqual("GET, HEAD", headers["allow"])

    def test_head_answers_the_status_without_a_body(self):
        ep = self.start(HealthEndpoint(port=0).check("discord", lambda: CheckResult.down("disconnected")))
        status, _, body = request(ep.port, method="HEAD")
        self.assertEqual(503, status)
        self.assertEqual("", body)

    def test_close_stops_answering_and_is_idempotent(self):
        ep = self.start(HealthEndpoint(port=0))
        port = ep.port
        ep.close()
        ep.close()
        with self.assertRaises(OSError):
            request(port, timeout=2)


class ConfigTest(EndpointTestCase):

    def test_binds_loopback_by_default(self):
        ep = self.start(HealthEndpoint(port=0))
        self.assertEqual("127.0.0.1", ep.address[0])
        self.assertGreater(ep.port, 0)

    def test_health_host_and_port_come_from_the_environment(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        os.environ["HEALTH_HOST"] = "127.0.0.1"
        os.environ["HEALTH_PORT"] = str(port)
        ep = self.start(HealthEndpoint())
        self.assertEqual(port, ep.port)
        self.assertEqual(200, request(port)[0])

    def test_invalid_health_port_is_rejected_with_its_value(self):
        os.environ["HEALTH_PORT"] = "50o1"
        with self.assertRaises(ValueError) as caught:
            HealthEndpoint().start()
        self.assertEqual("HEALTH_PORT must be an integer between 0 and 65535, but was '50o1'", str(caught.exception))

    def test_busy_port_fails_to_start_with_the_address(self):
        first = self.start(HealthEndpoint(port=0))
        with self.assertRaises(OSError) as caught:
            self.start(HealthEndpoint(port=first.port))
        self.assertIn("cannot bind the health endpoint to 127.0.0.1:%d: " % first.port, str(caught.exception))

    def test_bad_checks_are_rejected_naming_the_field(self):
        ep = HealthEndpoint(port=0).check("discord", CheckResult.up)
        with self.assertRaisesRegex(ValueError, "check 'discord' is already registered"):
            ep.check("discord", CheckResult.up)
        with self.assertRaisesRegex(ValueError, "'heartbeat' is reserved"):
            ep.check("heartbeat", CheckResult.up)
        with self.assertRaisesRegex(ValueError, "timeout of check 'db' must be positive, but was 0"):
            ep.check("db", CheckResult.up, timeout=0)
        with self.assertRaisesRegex(ValueError, "port must be between 0 and 65535, but was 70000"):
            HealthEndpoint(port=70000)
        with self.assertRaisesRegex(ValueError, "heartbeat_max_age must not be negative"):
            HealthEndpoint(heartbeat_max_age=-1)

    def test_check_result_is_immutable_and_compares_by_value(self):
        self.assertEqual(CheckResult.up("x"), CheckResult("UP", "x"))
        self.assertEqual("", CheckResult.down(None).detail)
        self.assertTrue(CheckResult.degraded().status == "DEGRADED")
        self.assertFalse(CheckResult.degraded().is_down)
        with self.assertRaises(AttributeError):
            CheckResult.up().status = "DOWN"
        with self.assertRaises(ValueError):
            CheckResult("SICK")


class BlockedLoopTest(EndpointTestCase):
    """The case the heartbeat exists for: the asyncio loop is stuck in a synchronous call."""

    def test_blocked_asyncio_loop_answers_503_stale_within_the_max_age_and_recovers(self):
        max_age = 0.5
        ep = self.start(HealthEndpoint(port=0, heartbeat_max_age=max_age))
        loop = asyncio.new_event_loop()
        loop_thread = threading.Thread(target=loop.run_forever, name="bot-loop", daemon=True)
        loop_thread.start()

        async def cancel_the_rest():
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

        def stop_loop():
            self.release.set()
            asyncio.run_coroutine_threadsafe(cancel_the_rest(), loop).result(10)
            loop.call_soon_threadsafe(loop.stop)
            loop_thread.join(10)
            loop.close()

        self.addCleanup(stop_loop)
        asyncio.run_coroutine_threadsafe(ep.beat_forever(0.05), loop)
        poll_until(ep.port, lambda r: r[0] == 200, 5)

        blocked = threading.Event()

        async def block_the_loop():
            blocked.set()
            self.release.wait(30)  # a synchronous call inside a coroutine: nothing else on the loop runs

        asyncio.run_coroutine_threadsafe(block_the_loop(), loop)
        self.assertTrue(blocked.wait(5), "the loop never ran the blocking coroutine")
        began = time.monotonic()

        status, _, body = poll_until(ep.port, lambda r: r[0] == 503, max_age + 3)

        self.assertLess(time.monotonic() - began, max_age + 1.0, "503 should come about max_age after the block")
        self.assertFalse(self.release.is_set(), "the 503 must come while the loop is still blocked")
        doc = json.loads(body)
        self.assertEqual("DOWN", doc["status"])
        self.assertRegex(doc["checks"]["heartbeat"]["detail"], r"^last beat \d+\.\d s ago, max 500 ms$")
        self.assertGreaterEqual(doc["heartbeat_age_ms"], 500)

        self.release.set()  # the loop runs again: beat_forever beats, /health is healthy again
        poll_until(ep.port, lambda r: r[0] == 200, 5)


class NotifyTest(EndpointTestCase):

    def bind_datagram_socket(self, address):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.addCleanup(sock.close)
        sock.bind(address)
        sock.settimeout(5)
        return sock

    def test_notify_sends_ready_watchdog_and_status_datagrams(self):
        tmp = tempfile.mkdtemp(prefix="uw-notify-")
        self.addCleanup(lambda: (os.path.exists(path) and os.unlink(path), os.rmdir(tmp)))
        path = os.path.join(tmp, "notify.sock")
        sock = self.bind_datagram_socket(path)
        os.environ["NOTIFY_SOCKET"] = path

        self.assertTrue(ultrawatch_health.notify_ready())
        self.assertEqual(b"READY=1", sock.recv(4096))
        self.assertTrue(ultrawatch_health.notify_watchdog())
        self.assertEqual(b"WATCHDOG=1", sock.recv(4096))
        self.assertTrue(ultrawatch_health.notify_status("gateway resuming\nsecond line"))
        self.assertEqual(b"STATUS=gateway resuming second line", sock.recv(4096))

    @unittest.skipUnless(sys.platform.startswith("linux"), "abstract Unix sockets are Linux only")
    def test_notify_handles_the_abstract_namespace(self):
        name = "ultrawatch-test-%d-%s" % (os.getpid(), uuid.uuid4().hex)
        sock = self.bind_datagram_socket("\0" + name)
        os.environ["NOTIFY_SOCKET"] = "@" + name

        self.assertTrue(ultrawatch_health.notify_ready())
        self.assertEqual(b"READY=1", sock.recv(4096))

    def test_notify_does_nothing_without_notify_socket_or_with_a_dead_one(self):
        self.assertFalse(ultrawatch_health.notify_ready())
        self.assertFalse(ultrawatch_health.notify_status("x"))
        os.environ["NOTIFY_SOCKET"] = os.path.join(tempfile.gettempdir(), "uw-no-such-%s.sock" % uuid.uuid4().hex)
        self.assertFalse(ultrawatch_health.notify_watchdog())


class ExitForFixTest(unittest.TestCase):

    def run_child(self, code):
        env = dict(os.environ, PYTHONPATH=MODULE_DIR)
        return subprocess.run([sys.executable, "-c", code], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=30)

    def test_exit_for_fix_exits_78_and_says_why(self):
        child = self.run_child("import ultrawatch_health as h\n"
                               "try:\n    h.exit_for_fix('token rejected')\n"
                               "finally:\n    print('cleanup ran')\n"
                               "print('exit_for_fix returned')\n")
        self.assertEqual(78, child.returncode, child.stderr)
        self.assertEqual(ultrawatch_health.EXIT_FOR_FIX, child.returncode)
        self.assertIn("exiting with code 78 (EX_CONFIG), needs a fix by a person: token rejected", child.stderr)
        self.assertIn("cleanup ran", child.stdout)
        self.assertNotIn("exit_for_fix returned", child.stdout)

    def test_exit_for_fix_from_another_thread_still_ends_the_process_with_78(self):
        child = self.run_child("import threading, time, ultrawatch_health as h\n"
                               "threading.Thread(target=h.exit_for_fix, args=('config invalid',)).start()\n"
                               "time.sleep(30)\n")
        self.assertEqual(78, child.returncode, child.stderr)
        self.assertIn("needs a fix by a person: config invalid", child.stderr)

    def test_exit_for_fix_inside_asyncio_run_exits_78(self):
        child = self.run_child("import asyncio, ultrawatch_health as h\n"
                               "async def main():\n"
                               "    async def login():\n        h.exit_for_fix('token rejected')\n"
                               "    await asyncio.gather(login(), asyncio.sleep(30))\n"
                               "asyncio.run(main())\n")
        self.assertEqual(78, child.returncode, child.stderr)


START_MONOTONIC = time.monotonic()

if __name__ == "__main__":
    unittest.main()
