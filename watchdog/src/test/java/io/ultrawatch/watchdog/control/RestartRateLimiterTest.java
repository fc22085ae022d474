package io.ultrawatch.watchdog.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.ultrawatch.watchdog.testing.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartRateLimiterTest {
    private final ManualScheduler time = new ManualScheduler();
    private final RestartRateLimiter limiter = new RestartRateLimiter(time, 3, Duration.ofMinutes(1));

    @Test
    void threeRestartsAMinutePerBotThenTheWaitUntilTheOldestLeavesTheWindow() {
        assertThat(limiter.tryAcquire("a")).isEmpty();
        time.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire("a")).isEmpty();
        assertThat(limiter.tryAcquire("a")).isEmpty();
        assertThat(limiter.tryAcquire("b")).as("another bot has its own budget").isEmpty();

        assertThat(limiter.tryAcquire("a")).contains(Duration.ofSeconds(50));
        time.advance(Duration.ofSeconds(49));
        assertThat(limiter.tryAcquire("a")).contains(Duration.ofSeconds(1));
        time.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("a")).as("a refused call is not counted").isEmpty();
        assertThat(limiter.tryAcquire("a")).contains(Duration.ofSeconds(10));
    }
}
