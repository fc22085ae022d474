package io.ultrawatch.watchdog.config;

import java.util.List;
import java.util.Locale;

/** The did-you-mean of an unknown YAML key. */
final class Suggestions {
    private static final int PREFIX_MIN = 3;

    private Suggestions() {
    }

    /**
     * {@code did you mean 'interval'?} for the closest known key, else {@code known keys are: a, b, c}.
     *
     * <p>Close means: the same once case, {@code _} and {@code -} are ignored ({@code failureThreshold}); or at most
     * 2 edits away (at most 1 for keys of 3 letters or fewer, so that {@code foo} does not suggest {@code log}); or one
     * is a prefix of the other, from 3 letters on ({@code fail} or {@code interval_ms}). The fewest edits win; ties
     * go to the first key in the documented order.
     */
    static String didYouMean(String key, List<String> known) {
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        String k = key.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            int score = score(k, candidate);
            if (score < bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        if (best != null) {
            return "did you mean '" + best + "'?";
        }
        return "known keys are: " + String.join(", ", known);
    }

    /** Lower is closer; {@code Integer.MAX_VALUE} when not close at all. */
    private static int score(String key, String candidate) {
        if (squash(key).equals(squash(candidate))) {
            return 0;
        }
        int distance = levenshtein(key, candidate);
        int allowed = key.length() <= 3 ? 1 : 2;
        if (distance <= allowed) {
            return distance;
        }
        boolean prefix = key.length() >= PREFIX_MIN && (candidate.startsWith(key) || key.startsWith(candidate));
        return prefix ? allowed + 1 : Integer.MAX_VALUE;
    }

    private static String squash(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
