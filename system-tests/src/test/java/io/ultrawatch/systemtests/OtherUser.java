package io.ultrawatch.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A second local user for the tests, created for one test and removed after it (as the cron tests start their own
 * cron daemon): {@code useradd --system --no-create-home uw-other-<random>}, {@code userdel} at close. Needs root;
 * {@link #available()} says whether the tests can have one.
 */
final class OtherUser implements AutoCloseable {
    final String name;
    final int uid;
    final int gid;

    private OtherUser(String name, int uid, int gid) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    /** True when this runs as root with useradd and setpriv: the tests that need a second user skip otherwise. */
    static boolean available() {
        return isRoot() && !run("sh", "-c", "command -v useradd setpriv").isBlank();
    }

    static boolean isRoot() {
        return "0".equals(run("id", "-u").strip());
    }

    static OtherUser create() {
        String name = "uw-other-" + UUID.randomUUID().toString().substring(0, 8);
        String out = run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
        try {
            return new OtherUser(name, Integer.parseInt(run("id", "-u", name).strip()),
                    Integer.parseInt(run("id", "-g", name).strip()));
        } catch (NumberFormatException e) {
            run("userdel", name);
            throw new IllegalStateException("useradd " + name + " failed: " + out, e);
        }
    }

    /** The command line that runs {@code command} as this user (no supplementary groups). */
    List<String> as(String... command) {
        List<String> c = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
        c.addAll(List.of(command));
        return c;
    }

    /**
     * Ends every process of this user (all started by the test that created it, e.g. the {@code sleep} a
     * {@code flock} left running), by pid, then removes the user: {@code userdel} refuses a user with live processes.
     */
    @Override
    public void close() {
        java.util.List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> uidOf(p.pid()) == uid).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : left) {
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
        }
        run("userdel", name);
    }

    private static int uidOf(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile
        }
        return -1;
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
