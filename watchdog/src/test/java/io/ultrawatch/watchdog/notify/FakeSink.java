package io.ultrawatch.watchdog.notify;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A sink that records what it is asked to send and answers from a script (then "sent" for ever). */
final class FakeSink implements Sink {
    final String name;
    final List<Notification> tries = new ArrayList<>();
    final List<Long> triedAtNanos = new ArrayList<>();
    private final Deque<SendResult> answers = new ArrayDeque<>();
    private final java.util.function.LongSupplier clock;
    SendResult always;
    boolean closed;

    FakeSink(String name, java.util.function.LongSupplier clock) {
        this.name = name;
        this.clock = clock;
    }

    FakeSink answer(SendResult... results) {
        answers.addAll(List.of(results));
        return this;
    }

    static SendResult http(int code) {
        return HttpSink.classify(code, null);
    }

    static SendResult tooMany(Duration retryAfter) {
        return HttpSink.classify(429, Long.toString(retryAfter.toSeconds()));
    }

    /** The messages the receiver accepted. */
    List<Notification> delivered() {
        List<Notification> out = new ArrayList<>();
        List<SendResult> results = new ArrayList<>(resultLog);
        for (int i = 0; i < tries.size(); i++) {
            if (results.get(i).ok()) {
                out.add(tries.get(i));
            }
        }
        return out;
    }

    private final List<SendResult> resultLog = new ArrayList<>();

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public SendResult send(Notification n) {
        tries.add(n);
        triedAtNanos.add(clock.getAsLong());
        SendResult r = !answers.isEmpty() ? answers.pollFirst() : always != null ? always : SendResult.sent(200, "HTTP 200");
        resultLog.add(r);
        return r;
    }

    @Override
    public void close() {
        closed = true;
    }
}
