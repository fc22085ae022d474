package io.ultrawatch.watchdog.config;

import java.util.List;

/**
 * What a config reload did.
 *
 * @param applied false when the new config was invalid and the running one stays
 * @param errors every problem found (empty when applied), each naming file and field
 * @param summary one line for people: what changed, or why nothing did
 */
public record ReloadResult(boolean applied, List<String> errors, String summary) {
    public ReloadResult {
        errors = List.copyOf(errors);
    }
}
