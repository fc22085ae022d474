package io.ultrawatch.watchdog.controlfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlTokenTest {
    @TempDir
    Path status;

    @Test
    void firstStartCreatesAnOwnerOnlyTokenThatLaterStartsKeep() throws Exception {
        ControlToken first = ControlToken.loadOrCreate(status);
        Path file = status.resolve("control.token");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String value = ControlToken.read(status);
        assertThat(value).matches("[A-Za-z0-9_-]{43}");
        assertThat(first.matches(value)).isTrue();
        assertThat(ControlToken.loadOrCreate(status).matches(value)).as("kept across restarts").isTrue();
        assertThat(first.toString()).doesNotContain(value);
        try (var files = Files.list(status)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void onlyTheExactTokenMatches() throws Exception {
        ControlToken token = ControlToken.loadOrCreate(status);
        String value = ControlToken.read(status);

        assertThat(token.matches(value + "x")).isFalse();
        assertThat(token.matches(value.substring(1))).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void aTokenFileOthersCouldReadIsSetBackToOwnerOnly() throws Exception {
        ControlToken.loadOrCreate(status);
        Path file = status.resolve("control.token");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        ControlToken.loadOrCreate(status);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
