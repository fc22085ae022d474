package io.ultrawatch.watchdog.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ultrawatch.watchdog.config.NotifyConfig;
import io.ultrawatch.watchdog.config.NotifySinkConfig;
import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.event.WatchdogEvent;
import io.ultrawatch.watchdog.model.RestartReason;
import io.ultrawatch.watchdog.testing.ManualScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The email sink against a real SMTP server (Debian's python3-aiosmtpd) on a loopback ephemeral port: STARTTLS with a
 * certificate made for this test (trusted by this test only), then AUTH, which the server allows over TLS only.
 */
class NotifyEmailIT {
    private static final String PASSWORD = "pw-Zq81-smtp-s3cret";
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;
    private Process server;
    private int port;
    private SSLSocketFactory trust;
    private final ManualScheduler time = new ManualScheduler();

    @BeforeEach
    void startServer() throws Exception {
        assertThat(PYTHON).as("Debian's python3").isExecutable();
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import aiosmtpd").start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0)
                .as("python3-aiosmtpd is installed (scripts/test.sh installs it: apt-get install python3-aiosmtpd)")
                .isTrue();
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost").redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made a cert").isTrue();
        trust = trusting(cert);

        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path out = Files.createDirectories(dir.resolve("mail"));
        Path log = dir.resolve("smtp.log");
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), script().toString(), Integer.toString(port),
                cert.toString(), key.toString(), out.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SMTP_TEST_PASSWORD", PASSWORD);
        server = pb.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.isAlive()
                || Files.readString(log).contains("READY"));
        assertThat(server.isAlive()).as("the SMTP server runs: " + Files.readString(log)).isTrue();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy(); // this process only, by its pid
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static Path script() throws URISyntaxException {
        return Path.of(NotifyEmailIT.class.getResource("/notify/smtp_server.py").toURI());
    }

    /** A socket factory that trusts exactly the test's certificate (never the JDK's trust store for this test). */
    private static SSLSocketFactory trusting(Path certFile) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(certFile)) {
            ks.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    private NotifySinkConfig mail() {
        NotifySinkConfig d = NotifySinkConfig.DEFAULTS;
        return new NotifySinkConfig("mail", NotifySinkConfig.Type.EMAIL, d.events(), Duration.ofSeconds(3), null,
                "127.0.0.1", port, true, "bot@example.com", "SMTP_PASSWORD", "bot@example.com",
                List.of("me@example.com"), List.of());
    }

    private List<String> received() throws IOException {
        try (var files = Files.list(dir.resolve("mail"))) {
            return files.sorted().map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void aRestartArrivesAsAnEmailOverStartTlsWithLogin() throws Exception {
        Sink sink = Sinks.create(mail(), Map.of("SMTP_PASSWORD", PASSWORD), trust);
        Notifier n = new Notifier(new NotifyConfig(Duration.ZERO, null, null, List.of(mail())), List.of(sink),
                Map.of(), time, Runnable::run, null, RetryPolicy.DEFAULT, ZoneOffset.UTC, x -> null);

        n.onEvent(new WatchdogEvent(time.clock().instant(), "demo", EventKind.RESTART, RestartReason.EXITED,
                "Triggering restart of demo: exited (code 3)", Map.of("exit_code", 3)));

        SinkStatus s = n.sinks().get(0);
        assertThat(s.lastResult()).as(s.toString()).isEqualTo("sent");
        assertThat(s.lastDetail()).startsWith("250");
        List<String> mails = received();
        assertThat(mails).hasSize(1);
        String m = mails.get(0);
        assertThat(m).contains("Subject: demo: restart (exited)", "From: bot@example.com", "To: me@example.com");
        assertThat(m.substring(m.indexOf("\r\n\r\n") + 4).strip())
                .isEqualTo("Triggering restart of demo: exited (code 3)");
        n.close();
    }

    @Test
    void aWrongPasswordIsAFinalFailureThatDoesNotShowThePassword() throws Exception {
        // (It takes about the sink's timeout: after the refusal the client waits on the connection; not pinned down.)
        Sink sink = Sinks.create(mail(), Map.of("SMTP_PASSWORD", "not-" + PASSWORD), trust);

        SendResult r = sink.send(Messages.test("mail", time.clock().instant()));

        assertThat(r.outcome()).isEqualTo(SendResult.Outcome.FAILED);
        assertThat(r.status()).isEqualTo(535);
        assertThat(r.detail()).startsWith("login refused").doesNotContain(PASSWORD);
        assertThat(sink.toString()).contains("$SMTP_PASSWORD").doesNotContain(PASSWORD);
        assertThat(received()).isEmpty();
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedGetsNothing() throws Exception {
        // The JDK's trust store does not know the test's certificate: no login, no mail, and it is worth a retry.
        Sink sink = Sinks.create(mail(), Map.of("SMTP_PASSWORD", PASSWORD), null);

        SendResult r = sink.send(Messages.test("mail", time.clock().instant()));

        assertThat(r.outcome()).isEqualTo(SendResult.Outcome.RETRY);
        assertThat(r.detail()).contains("SSLHandshakeException");
        assertThat(received()).isEmpty();
    }
}
