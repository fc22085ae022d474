"""A real SMTP server for NotifyEmailIT (Debian's python3-aiosmtpd), on loopback only.

Usage: smtp_server.py PORT CERT KEY OUT_DIR   (the expected password comes in SMTP_TEST_PASSWORD, not argv)
Requires STARTTLS before anything else and AUTH (LOGIN/PLAIN) over TLS only; accepts the login
bot@example.com with that password and writes each received message to OUT_DIR/<n>.eml. Prints READY
when it listens; runs until killed (the test ends it by pid).
"""
import os
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, out_dir = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
password = os.environ["SMTP_TEST_PASSWORD"].encode()
received = []


class Handler:
    async def handle_DATA(self, server, session, envelope):
        received.append(envelope.content)
        with open(os.path.join(out_dir, "%d.eml" % len(received)), "wb") as f:
            f.write(envelope.content)
        return "250 2.0.0 queued as test-%d" % len(received)


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == b"bot@example.com"
          and auth_data.password == password)
    return AuthResult(success=ok)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                        auth_require_tls=True, auth_required=True, authenticator=authenticator)
controller.start()
print("READY", flush=True)
threading.Event().wait()
