package io.ultrawatch.watchdog.notify;

import java.time.Duration;

/**
 * What one delivery attempt came to.
 *
 * @param outcome sent, worth another try (timeout, refused connection, 5xx, 429), or failed for good (other 4xx,
 *     login refused, bad address)
 * @param status the HTTP status, SMTP reply code or exit code; 0 when there was no answer
 * @param retryAfter how long the receiver asked to wait ({@code Retry-After}), or {@code null}
 * @param detail a short line for people: {@code HTTP 204}, {@code connection refused}; never holds a secret
 */
public record SendResult(Outcome outcome, int status, Duration retryAfter, String detail) {
    public enum Outcome { SENT, RETRY, FAILED }

    public static SendResult sent(int status, String detail) {
        return new SendResult(Outcome.SENT, status, null, detail);
    }

    public static SendResult retry(int status, String detail) {
        return new SendResult(Outcome.RETRY, status, null, detail);
    }

    public static SendResult failed(int status, String detail) {
        return new SendResult(Outcome.FAILED, status, null, detail);
    }

    public boolean ok() {
        return outcome == Outcome.SENT;
    }
}
