package io.ultrawatch.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Order statistics over small samples (nearest-rank percentiles: every figure is a value that was measured). */
final class Stats {
    private Stats() {
    }

    static double percentile(Collection<? extends Number> values, double p) {
        List<Double> v = new ArrayList<>();
        values.forEach(n -> v.add(n.doubleValue()));
        if (v.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.size());
        return v.get(Math.max(0, Math.min(v.size() - 1, rank - 1)));
    }

    static double median(Collection<? extends Number> values) {
        List<Double> v = new ArrayList<>();
        values.forEach(n -> v.add(n.doubleValue()));
        if (v.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2.0;
    }

    static double max(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).max().orElse(Double.NaN);
    }

    static double mean(Collection<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).average().orElse(Double.NaN);
    }

    /** Time-weighted share of samples that were up: each sample stands until the next one starts. */
    static double availability(List<long[]> samples, long endMs) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        long up = 0;
        long total = endMs - samples.get(0)[0];
        for (int i = 0; i < samples.size(); i++) {
            long next = i + 1 < samples.size() ? samples.get(i + 1)[0] : endMs;
            if (samples.get(i)[1] == 1) {
                up += next - samples.get(i)[0];
            }
        }
        return total <= 0 ? Double.NaN : 100.0 * up / total;
    }

    static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
