package io.ultrawatch.watchdog.supervisor;

import io.ultrawatch.watchdog.model.EventKind;
import io.ultrawatch.watchdog.model.RestartReason;
import java.util.Map;
import java.util.function.Consumer;

/** Where the supervisor's helpers report, on its actor: inputs for the state machine, events, and "publish now". */
interface Sink {
    void input(Input input);

    void emit(EventKind kind, RestartReason reason, String message, Map<String, Object> details);

    /** Something a snapshot shows changed (a probe answer, a memory sample). */
    void publish();

    /** A sink from three functions, so the supervisor keeps its handlers private. */
    static Sink of(Consumer<Input> inputs, Emitter emitter, Runnable publisher) {
        return new Sink() {
            @Override
            public void input(Input input) {
                inputs.accept(input);
            }

            @Override
            public void emit(EventKind kind, RestartReason reason, String message, Map<String, Object> details) {
                emitter.emit(kind, reason, message, details);
            }

            @Override
            public void publish() {
                publisher.run();
            }
        };
    }

    @FunctionalInterface
    interface Emitter {
        void emit(EventKind kind, RestartReason reason, String message, Map<String, Object> details);
    }
}
