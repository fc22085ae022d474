package io.ultrawatch.watchdog.notify;

import io.ultrawatch.watchdog.config.NotifySinkConfig;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Sends a plain-text e-mail over SMTP with Jakarta Mail (Eclipse Angus Mail): subject = the title, body = the text.
 * With {@code starttls} the session must switch to TLS before anything else is sent (the login included), and the
 * server's certificate and host name are checked. A refused login or address is final; anything else (connection,
 * timeout, a 4xx reply) is retried.
 *
 * <p>The only class of the watchdog that uses mail classes, so that they load only when an email sink is configured
 * (see docs/jvm-footprint.md). Called by one thread at a time.
 */
final class EmailSink implements Sink {
    private final NotifySinkConfig config;
    private final Secret password;
    private final SSLSocketFactory tls;

    /**
     * @param password the login's password, or {@code null} when the sink has no {@code password_env}
     * @param tls the socket factory for STARTTLS, or {@code null} for the JDK's default trust store (tests pass one
     *     that trusts their own certificate)
     */
    EmailSink(NotifySinkConfig config, Secret password, SSLSocketFactory tls) {
        this.config = config;
        this.password = password;
        this.tls = tls;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public SendResult send(Notification n) {
        Session session = Session.getInstance(properties());
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(config.from()));
            for (String to : config.to()) {
                m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            m.setSubject(n.title(), StandardCharsets.UTF_8.name());
            m.setText(n.text(), StandardCharsets.UTF_8.name());
            m.setSentDate(Date.from(n.at()));
            try (Transport t = session.getTransport("smtp")) {
                if (config.username() != null) {
                    t.connect(config.username(), password == null ? "" : password.reveal());
                } else {
                    t.connect();
                }
                t.sendMessage(m, m.getAllRecipients());
                if (t instanceof SMTPTransport smtp) {
                    return SendResult.sent(smtp.getLastReturnCode(), redact(smtp.getLastServerResponse()));
                }
                return SendResult.sent(250, "accepted");
            }
        } catch (AuthenticationFailedException e) {
            return SendResult.failed(535, "login refused: " + redact(e.getMessage()));
        } catch (SendFailedException e) {
            return SendResult.failed(0, "refused: " + redact(e.getMessage()));
        } catch (MessagingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return SendResult.retry(0, redact(cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        } catch (RuntimeException e) {
            return SendResult.failed(0, redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        String ms = Long.toString(config.timeout().toMillis());
        p.put("mail.smtp.host", config.host());
        p.put("mail.smtp.port", Integer.toString(config.port()));
        p.put("mail.smtp.connectiontimeout", ms);
        p.put("mail.smtp.timeout", ms);
        p.put("mail.smtp.writetimeout", ms);
        p.put("mail.smtp.auth", Boolean.toString(config.username() != null));
        // The two mechanisms every submission server offers over TLS; the challenge-response ones add nothing there.
        p.put("mail.smtp.auth.mechanisms", "PLAIN LOGIN");
        if (config.starttls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
            if (tls != null) {
                p.put("mail.smtp.ssl.socketFactory", tls);
            }
        }
        return p;
    }

    private String redact(String text) {
        return password == null ? text : password.redact(text);
    }

    @Override
    public String toString() {
        return "EmailSink[" + config.name() + ", " + config.host() + ":" + config.port() + ", password in "
                + (password == null ? "none" : password) + "]";
    }
}
