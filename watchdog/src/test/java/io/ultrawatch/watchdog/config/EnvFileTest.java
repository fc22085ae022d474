package io.ultrawatch.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EnvFileTest {
    private static final String SECRET = "sk-live-9f8e7d6c5b4a";

    @TempDir
    Path dir;

    @Test
    void readsKeyValueLinesSkippingCommentsAndBlankLines() throws IOException {
        Path file = dir.resolve("bot.env");
        Files.writeString(file, String.join("\n",
                "# the bot's secrets",
                "",
                "TOKEN=" + SECRET,
                "   # an indented comment",
                "export REGION=eu-west-1",
                "  SPACED  =  padded value  ",
                "EMPTY=",
                "URL=https://example.org/a?b=c#frag",
                ""));

        assertThat(EnvFile.read(file)).containsExactly(
                Map.entry("TOKEN", SECRET),
                Map.entry("REGION", "eu-west-1"),
                Map.entry("SPACED", "padded value"),
                Map.entry("EMPTY", ""),
                Map.entry("URL", "https://example.org/a?b=c#frag"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "A=\"double quoted\"            | double quoted",
            "A='single quoted'              | single quoted",
            "A=\"keeps # and 'quotes'\"     | keeps # and 'quotes'",
            "A=\"a\\nb\"                    | a\\nb",
            "A=a\\nb                        | a\\nb",
            "A=\"x\" # comment after quote  | x",
            "A=\"  inner blanks  \"         | '  inner blanks  '",
            "A=$HOME/x                      | $HOME/x",
            "A=\"\"                         | ''",
    })
    void quotesAreStrippedAndNothingIsUnescaped(String line, String expected) throws IOException {
        String want = expected.startsWith("'") ? expected.substring(1, expected.length() - 1) : expected;
        assertThat(EnvFile.parse(List.of(line), "bot.env")).containsExactly(Map.entry("A", want));
    }

    @Test
    void theLaterOfTwoLinesWinsAsInAShell() throws IOException {
        assertThat(EnvFile.parse(List.of("A=1", "A=2"), "bot.env")).containsExactly(Map.entry("A", "2"));
    }

    @Test
    void byteOrderMarkAndWindowsLineEndsAreIgnored() throws IOException {
        Path file = dir.resolve("bot.env");
        Files.write(file, "\uFEFFA=1\r\nB=2\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(EnvFile.read(file)).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    }

    static Stream<Arguments> invalidLines() {
        String hidden = " (the line is not shown, it may hold a secret)";
        String badName = "bot.env:2: the name before '=' must be letters, digits and '_', not starting with a digit";
        return Stream.of(
                Arguments.of(SECRET, "bot.env:2: expected KEY=VALUE" + hidden),
                Arguments.of("1TOKEN=" + SECRET, badName + hidden),
                Arguments.of("MY-TOKEN=" + SECRET, badName + hidden),
                Arguments.of("TOKEN=\"" + SECRET,
                        "bot.env:2: the value's opening \" is never closed (a value cannot span lines)"),
                Arguments.of("TOKEN='" + SECRET + "'x", "bot.env:2: unexpected text after the value's closing '"
                        + " (to put a ' inside a value, quote it with the other kind of quote)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidLines")
    void anInvalidLineNamesFileAndLineButNeverTheValue(String line, String message) {
        assertThatThrownBy(() -> EnvFile.parse(List.of("# header", line), "bot.env"))
                .isInstanceOf(IOException.class)
                .hasMessage(message)
                .message().doesNotContain(SECRET);
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThatThrownBy(() -> EnvFile.read(dir.resolve("missing.env"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileThatIsNotUtf8IsReportedWithoutItsContent() throws IOException {
        Path file = dir.resolve("latin1.env");
        Files.write(file, new byte[] {'A', '=', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> EnvFile.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": is not UTF-8 text");
    }
}
