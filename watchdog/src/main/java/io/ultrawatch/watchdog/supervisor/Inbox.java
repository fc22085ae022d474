package io.ultrawatch.watchdog.supervisor;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Run-to-completion for the supervisor's inputs: an input raised while the effects of another are carried out waits
 * here, so every transition completes before the next begins. On the supervisor's actor only.
 */
final class Inbox {
    private final Queue<Input> inputs = new ArrayDeque<>();
    private boolean handling;

    /**
     * Queues {@code input} and, unless a drain is already under way further up the stack, hands every queued input
     * to {@code step} in order.
     *
     * @return true when this call drained the queue (false: the drain under way will take the input)
     */
    boolean drain(Input input, Consumer<Input> step) {
        inputs.add(input);
        if (handling) {
            return false;
        }
        handling = true;
        try {
            Input next;
            while ((next = inputs.poll()) != null) {
                step.accept(next);
            }
        } finally {
            handling = false;
        }
        return true;
    }
}
