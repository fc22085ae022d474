package io.ultrawatch.watchdog.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The command line of a real demo bot JVM, built from the running JVM's java and class path. */
final class DemoBotCommand {
    private DemoBotCommand() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The demo bot's and health-endpoint's entries of the test class path (classes folders or jars). */
    static String botClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("demo-bot") || e.contains("health-endpoint"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    static List<String> command(int port, Path controlFile, Path flagFile, String... extra) {
        return command("-Xmx64m", port, controlFile, flagFile, extra);
    }

    static List<String> command(String xmx, int port, Path controlFile, Path flagFile, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(java(), xmx, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", botClassPath(), "io.ultrawatch.demobot.DemoBot", "--port", Integer.toString(port),
                "--control-file", controlFile.toString(), "--restart-flag-file", flagFile.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** A port that was free a moment ago; the bot fails loudly if someone took it since. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
