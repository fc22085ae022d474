package io.ultrawatch.watchdog.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LaunchedCommandTest {
    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "java -jar bot.jar|/usr/lib/jvm/java-17/bin/java -jar bot.jar|true",
        "java -jar bot.jar|java -jar bot.jar|true",
        "java -jar bot.jar|/usr/lib/jvm/java-17/bin/java -jar other.jar|false",
        "java -jar bot.jar|/usr/lib/jvm/java-17/bin/java -Xmx1g -jar bot.jar|false",
        "python3 bot.py|python3 bot.py|true",
        "python3 bot.py|python3 bot.py --debug|false",
        "python3 bot.py|python3.11 bot.py|false",
        "./run.sh --fast|/bin/bash ./run.sh --fast|true",
        "run.sh --fast|/usr/bin/env python3 /home/me/bin/run.sh --fast|true",
        "run.sh --fast|/bin/bash ./other.sh --fast|false"})
    void comparesWhatRunsWithWhatIsConfigured(String configured, String running, boolean same) {
        assertThat(LaunchedCommand.matches(words(running), words(configured))).isEqualTo(same);
    }

    @Test
    void theFingerprintChangesWithTheCommandOnly() {
        String f = LaunchedCommand.fingerprint(List.of("java", "-jar", "bot.jar"));

        assertThat(f).hasSize(16).isEqualTo(LaunchedCommand.fingerprint(List.of("java", "-jar", "bot.jar")));
        assertThat(LaunchedCommand.fingerprint(List.of("java", "-jar bot.jar"))).isNotEqualTo(f);
        assertThat(LaunchedCommand.changed(List.of("java", "-jar", "bot.jar"), f, -1)).isFalse();
        assertThat(LaunchedCommand.changed(List.of("java", "-jar", "new.jar"), f, -1)).isTrue();
    }

    @Test
    void withoutAFingerprintTheRunningCommandLineDecides() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(LaunchedCommand.cmdline(p.pid())).hasValue(List.of("sleep", "30"));
            assertThat(LaunchedCommand.changed(List.of("sleep", "30"), null, p.pid())).isFalse();
            assertThat(LaunchedCommand.changed(List.of("sleep", "31"), null, p.pid())).isTrue();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> words(String s) {
        return Arrays.asList(s.split(" "));
    }
}
