package io.ultrawatch.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Where things are: the repo, the watchdog jar, the bot script, the JVM flags of scripts/lib/common.sh.
 *
 * @param jvmOpts ULTRA_JVM_OPTS as bench/run.sh read it from scripts/lib/common.sh
 */
record Env(Path root, Path jar, Path botScript, List<String> jvmOpts, String java) {
}
