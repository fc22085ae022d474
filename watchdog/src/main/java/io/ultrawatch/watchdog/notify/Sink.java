package io.ultrawatch.watchdog.notify;

/**
 * Carries a message to one receiver. {@link #send} makes one attempt and blocks for at most the sink's timeout; the
 * caller ({@link SinkChannel}) decides about retries. Implementations are called by one thread at a time.
 */
public interface Sink extends AutoCloseable {
    /** The sink's name from the config. */
    String name();

    /** {@code webhook}, {@code discord}, {@code slack}, {@code email} or {@code exec}. */
    String type();

    /** One attempt; never throws, and no text of the result holds a secret. */
    SendResult send(Notification n);

    /** Frees connections and threads; the default has none. */
    @Override
    default void close() {
    }
}
