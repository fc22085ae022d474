"""examples/python-bot/bot.py as a real child process: its /health through faults injected by its control file.
Every process a test starts is killed by its pid when the test ends."""

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
BOT = os.path.join(REPO, "examples", "python-bot", "bot.py")
MAX_AGE = 1.0


def get_health(port, timeout=5.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/health")
        response = conn.getresponse()
        return response.status, json.loads(response.read().decode("utf-8"))
    finally:
        conn.close()


def wait_for(condition, timeout, what):
    """Calls condition() until it returns a true value (returned) or the deadline passes (AssertionError)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError("%s: not within %.1f s" % (what, timeout))
        time.sleep(0.05)  # pause between polls, bounded by the deadline


class ExamplePythonBotTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="uw-pybot-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.control = os.path.join(self.dir, "control")
        self.out_path = os.path.join(self.dir, "bot.out")
        env = {k: v for k, v in os.environ.items() if k not in ("HEALTH_PORT", "HEALTH_HOST", "NOTIFY_SOCKET")}
        env.pop("PYTHONPATH", None)  # the bot finds the helper by itself, as documented
        env["BOT_TOKEN"] = "s3cr3t-token-value"
        with open(self.out_path, "wb") as out:
            self.bot = subprocess.Popen(
                [sys.executable, BOT, "--port", "0", "--heartbeat-max-age", str(MAX_AGE), "--beat-interval", "0.1",
                 "--control-file", self.control],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=self.dir)
        self.addCleanup(self.kill_bot)
        match = wait_for(lambda: re.search(r"health on http://127\.0\.0\.1:(\d+)/health", self.output()), 15,
                         "the bot printing its health address")
        self.port = int(match.group(1))
        wait_for(lambda: self.health()[0] == 200 and self.health()[1]["status"] == "UP", 10, "the bot UP")

    def kill_bot(self):
        if self.bot.poll() is None:
            os.kill(self.bot.pid, signal.SIGKILL)  # by pid, the one process this test started
        self.bot.wait(10)

    def output(self):
        with open(self.out_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def health(self):
        return get_health(self.port)

    def inject(self, spec):
        tmp = self.control + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(spec + "\n")
        os.replace(tmp, self.control)  # whole, never half-written

    def test_blocked_loop_answers_503_within_the_max_age_and_recovers(self):
        self.inject("block-loop:5")
        wait_for(lambda: "blocking the asyncio loop" in self.output(), 5, "the loop blocking")
        began = time.monotonic()

        status, doc = wait_for(lambda: (lambda r: r if r[0] == 503 else None)(self.health()), MAX_AGE + 3,
                               "503 from the blocked bot")

        self.assertLess(time.monotonic() - began, MAX_AGE + 1.5)
        self.assertNotIn("the asyncio loop runs again", self.output(), "the 503 must come while the loop is blocked")
        self.assertEqual("DOWN", doc["status"])
        self.assertEqual("DOWN", doc["checks"]["heartbeat"]["status"])
        self.assertEqual(self.bot.pid, doc["pid"])
        wait_for(lambda: self.health()[0] == 200, 10, "200 again once the loop runs")

    def test_degraded_answers_200_degraded_and_healthy_brings_up_back(self):
        self.inject("degraded")
        status, doc = wait_for(lambda: (lambda r: r if r[1]["status"] == "DEGRADED" else None)(self.health()), 5,
                               "DEGRADED")
        self.assertEqual(200, status)
        self.assertEqual("DEGRADED", doc["checks"]["gateway"]["status"])

        self.inject("healthy")
        wait_for(lambda: self.health()[1]["status"] == "UP", 5, "UP again")

    def test_exit_for_fix_exits_78_and_never_prints_the_token(self):
        self.inject("exit-for-fix")
        self.assertEqual(78, self.bot.wait(15))
        out = self.output()
        self.assertIn("needs a fix by a person: token rejected", out)
        self.assertIn("token fingerprint ", out)
        self.assertNotIn("s3cr3t-token-value", out)

    def test_crash_exits_1(self):
        self.inject("crash")
        self.assertEqual(1, self.bot.wait(15))
        self.assertIn("RuntimeError: crash fault injected", self.output())

    def test_sigterm_stops_it_cleanly(self):
        os.kill(self.bot.pid, signal.SIGTERM)
        self.assertEqual(0, self.bot.wait(15))
        self.assertIn("stopping (signal)", self.output())


if __name__ == "__main__":
    unittest.main()
