package io.ultrawatch.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvBaseTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"CHECK_INTERVAL, true", "RESTART_COOLDOWN_BASE, true", "MAX_RESTART_COOLDOWN, true",
        "MAX_MEMORY_MB, true", "MALLOC_ARENA_MAX, true", "JAVA_TOOL_OPTIONS, true", "NOTIFY_SOCKET, true",
        "WATCHDOG_USEC, true", "ULTRA_JAVA, true", "ULTRAWATCH_COOKIE, true", "PATH, false", "DISCORD_TOKEN, false",
        "LANG, false"})
    void knowsTheWatchdogsOwnVariables(String name, boolean own) {
        assertThat(EnvBase.watchdogOwn(name)).isEqualTo(own);
    }

    @Test
    void whatIsWrittenIsReadBackValueForValue() throws Exception {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("PATH", "/a b:/c=d");
        base.put("LANG", "");
        base.put("TOKEN", "x#y 'z' \"q\"");
        Path file = dir.resolve("env.base");
        Files.write(file, EnvBase.format(base));

        assertThat(EnvBase.read(file)).hasValue(base);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("#");
    }

    @Test
    void aMissingFileIsEmptyNotAnError() throws Exception {
        assertThat(EnvBase.read(dir.resolve("nope"))).isEmpty();
    }

    @Test
    void capturesTheNamesInOrderSkippingUnsetAndMultiLineValues() {
        Map<String, String> env = Map.of("HOME", "/h", "PATH", "/p", "X", "1\n2", "Y", "y");

        assertThat(EnvBase.capture(env, EnvBase.names(List.of("X", "Y", "CHECK_INTERVAL"))))
                .containsExactly(Map.entry("PATH", "/p"), Map.entry("HOME", "/h"), Map.entry("Y", "y"));
    }
}
