package io.ultrawatch.watchdog.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    private static final Runnable NOTHING = () -> { };

    @Test
    void aSingleThreadHasTheNameAsGiven() {
        Thread t = DaemonThreads.factory("ultrawatch-status", 1).newThread(NOTHING);
        assertThat(t.getName()).isEqualTo("ultrawatch-status");
        assertThat(t.isDaemon()).isTrue();
    }

    @Test
    void threadsOfAPoolAreNumberedFromOne() {
        ThreadFactory pool = DaemonThreads.factory("ultrawatch-probe");
        assertThat(pool.newThread(NOTHING).getName()).isEqualTo("ultrawatch-probe-1");
        Thread second = pool.newThread(NOTHING);
        assertThat(second.getName()).isEqualTo("ultrawatch-probe-2");
        assertThat(second.isDaemon()).isTrue();
        assertThat(DaemonThreads.factory("ultrawatch-loop", 2).newThread(NOTHING).getName())
                .isEqualTo("ultrawatch-loop-1");
    }

    @Test
    void anExecutorWithoutThreadsIsAMistake() {
        assertThatThrownBy(() -> DaemonThreads.factory("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
