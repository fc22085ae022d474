package io.ultrawatch.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/** The one picture of a run: every scenario as a small bar chart, tools in fixed colours. */
final class Chart {
    static final Color ULTRA = new Color(0x2E, 0x8B, 0x57);
    static final Color SUPERVISORD = new Color(0xE0, 0x7B, 0x22);
    static final Color MONIT = new Color(0x3A, 0x6E, 0xC2);
    static final double NOT_HANDLED_MS = 60_000;

    private Chart() {
    }

    /** A lighter green for ultrawatch's second idle figure (idle-busy). */
    static final Color ULTRA_BUSY = new Color(0x8F, 0xC9, 0xA6);

    static Color color(String tool) {
        return switch (tool) {
            case "ultrawatch" -> ULTRA;
            case "supervisord" -> SUPERVISORD;
            default -> tool.startsWith("ultrawatch") ? ULTRA_BUSY : MONIT;
        };
    }

    static void write(Map<String, Object> doc, Path png) throws IOException {
        Map<String, Object> sc = Summary.chartScenarios(doc);
        String profile = Summary.chartProfile(doc);
        List<String> tools = new ArrayList<>();
        for (Object t : (List<?>) Summary.map(doc.get("meta")).get("tools")) {
            tools.add((String) t);
        }
        List<BufferedImage> small = new ArrayList<>();
        BufferedImage top = BitmapEncoder.getBufferedImage(recovery(sc, tools));
        small.add(BitmapEncoder.getBufferedImage(chaos(sc, tools)));
        small.add(BitmapEncoder.getBufferedImage(stop(sc, tools)));
        small.add(BitmapEncoder.getBufferedImage(idle(sc, tools, "rss_mb_mean",
                "Idle RSS of the supervisor, MB (target ≤ 64)")));
        small.add(BitmapEncoder.getBufferedImage(idle(sc, tools, "cpu_pct",
                "Idle CPU, % of one core (target ≤ 0.2)")));
        small.add(BitmapEncoder.getBufferedImage(orphans(sc, tools)));
        small.add(BitmapEncoder.getBufferedImage(scale(sc)));
        int w = top.getWidth();
        int cell = w / 2;
        int rows = (small.size() + 1) / 2;
        int header = 70;
        BufferedImage all = new BufferedImage(w, header + top.getHeight() + rows * small.get(0).getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 24));
        Map<String, Object> meta = Summary.map(doc.get("meta"));
        g.drawString("ultrawatch vs supervisord vs monit: the same bot, the same faults"
                + (profile == null ? "" : ", profile " + profile), 20, 32);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.drawString(meta.get("date") + ", " + meta.get("mode") + " run, " + meta.get("trials_per_timing_scenario")
                + " trials per timing scenario; host " + Summary.map(meta.get("host")).get("nproc") + " cores, shared"
                + " with other jobs; lower is better except availability", 20, 58);
        g.drawImage(top, 0, header, null);
        for (int i = 0; i < small.size(); i++) {
            BufferedImage b = small.get(i);
            g.drawImage(b, (i % 2) * cell, header + top.getHeight() + (i / 2) * b.getHeight(), null);
        }
        g.dispose();
        ImageIO.write(all, "png", png.toFile());
    }

    private static CategoryChart base(int w, int h, String title, String yTitle) {
        CategoryChart c = new CategoryChartBuilder().width(w).height(h).title(title).yAxisTitle(yTitle).build();
        CategoryStyler s = c.getStyler();
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        c.getStyler().setLabelsVisible(true);
        c.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        c.getStyler().setLabelsFontColorAutomaticEnabled(false);
        c.getStyler().setLabelsFontColor(Color.BLACK);
        c.getStyler().setLabelsPosition(1.0);
        c.getStyler().setChartTitleBoxVisible(false);
        return c;
    }

    /** One bar per tool in its colour: a series per tool, its value at its own category, no bar elsewhere. */
    private static void perTool(CategoryChart c, List<String> tools, Map<String, Double> values) {
        c.getStyler().setOverlapped(true);
        c.getStyler().setLegendVisible(false);
        for (String t : tools) {
            List<Double> y = new ArrayList<>();
            for (String other : tools) {
                y.add(other.equals(t) ? values.getOrDefault(t, 0.0) : null);
            }
            c.addSeries(t, tools, y).setFillColor(color(t));
        }
    }

    private static double median(Map<String, Object> sc, String scenario, String tool, String metric) {
        Map<String, Object> s = Summary.map(Summary.map(Summary.map(sc.get(scenario)).get(tool)).get("summary"));
        if (s.isEmpty()) {
            return Double.NaN;
        }
        Object v = s.get(metric + "_median");
        return v instanceof Number n ? n.doubleValue() : NOT_HANDLED_MS;
    }

    static CategoryChart recovery(Map<String, Object> sc, List<String> tools) {
        String[][] cats = {{"crash", "fault_to_fork_ms", "crash → fork"}, {"crash", "fault_to_ready_ms", "crash → 200"},
                {"hang", "fault_to_ready_ms", "hang → 200"},
                {"hang_after_restart", "fault_to_ready_ms", "hang 1.5–2.5 s after start"},
                {"hardhang", "fault_to_ready_ms", "hang + TERM ignored"}, {"leak", "cross_to_ready_ms", "leak → 200"}};
        CategoryChart c = base(1600, 560, "Fault → healthy again from a new pid, median ms (log scale; the 60 000 bar"
                + " = never handled)", "ms");
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setYAxisMin(1.0);
        c.getStyler().setYAxisMax(200_000.0);
        c.getStyler().setYAxisDecimalPattern("#,###");
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (String t : tools) {
            List<String> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String[] k : cats) {
                double v = median(sc, k[0], t, k[1]);
                x.add(k[2]);
                y.add(Double.isNaN(v) ? 1.0 : Math.max(1.0, v));
            }
            c.addSeries(t, x, y).setFillColor(color(t));
        }
        return c;
    }

    /** Availability per tool (series) and density (categories): both densities of the run side by side. */
    static CategoryChart chaos(Map<String, Object> sc, List<String> tools) {
        CategoryChart c = base(800, 440, "Chaos: bot availability % (target ≥ 99)", "%");
        c.getStyler().setYAxisMax(100.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        Map<String, Object> ch = Summary.map(sc.get("chaos"));
        List<String> densities = new ArrayList<>();
        Map<String, Double> v = new java.util.HashMap<>();
        for (Map.Entry<String, Object> e : ch.entrySet()) {
            Map<String, Object> r = Summary.map(e.getValue());
            String d = Summary.chaosDensity(e.getKey(), r) + " (" + Summary.chaosGap(r) + " s)";
            if (!densities.contains(d)) {
                densities.add(d);
            }
            Object a = r.get("availability_pct");
            v.put(d + "\u0000" + Summary.chaosTool(e.getKey(), r), a instanceof Number n ? n.doubleValue() : 0.0);
        }
        if (densities.isEmpty()) {
            c.addSeries("no data", List.of("-"), List.of(0.0));
            return c;
        }
        double min = 100;
        for (String t : tools) {
            List<Double> y = new ArrayList<>();
            for (String d : densities) {
                double a = v.getOrDefault(d + "\u0000" + t, 0.0);
                min = Math.min(min, a);
                y.add(a);
            }
            c.addSeries(t, densities, y).setFillColor(color(t));
        }
        c.getStyler().setYAxisMin(Math.max(0, Math.floor(min / 10) * 10 - 10));
        return c;
    }

    static CategoryChart stop(Map<String, Object> sc, List<String> tools) {
        CategoryChart c = base(800, 440, "Stop of a bot ignoring SIGTERM: request → pid gone, s (60 = never)", "s");
        Map<String, Double> v = new java.util.HashMap<>();
        for (String t : tools) {
            double m = median(sc, "stop_ignoring_term", t, "request_to_gone_ms");
            v.put(t, Double.isNaN(m) ? 0 : m / 1000.0);
        }
        perTool(c, tools, v);
        return c;
    }

    /** Every tool's idle figure, and ultrawatch's idle-busy one as an extra bar when the run has it. */
    static CategoryChart idle(Map<String, Object> sc, List<String> tools, String key, String title) {
        CategoryChart c = base(800, 440, title, key.startsWith("rss") ? "MB" : "% of a core");
        Map<String, Object> idle = Summary.map(sc.get("idle"));
        Map<String, Double> v = new java.util.HashMap<>();
        List<String> bars = new ArrayList<>();
        for (String t : tools) {
            Object o = Summary.map(idle.get(t)).get(key);
            v.put(t, o instanceof Number n ? n.doubleValue() : 0.0);
            bars.add(t);
            if (t.equals("ultrawatch") && Summary.map(sc.get("idle-busy")).containsKey(t)) {
                Object b = Summary.map(Summary.map(sc.get("idle-busy")).get(t)).get(key);
                v.put("ultrawatch busy", b instanceof Number n ? n.doubleValue() : 0.0);
                bars.add("ultrawatch busy");
            }
        }
        perTool(c, bars, v);
        return c;
    }

    static CategoryChart orphans(Map<String, Object> sc, List<String> tools) {
        CategoryChart c = base(800, 440, "Orphaned grandchildren left alive (target 0)", "count");
        c.getStyler().setYAxisMin(0.0);
        Map<String, Object> o = Summary.map(sc.get("orphans"));
        double most = 1;
        for (String t : tools) {
            List<Double> y = new ArrayList<>();
            for (String k : List.of("after_requested_restart", "after_crash")) {
                Map<String, Object> s = Summary.map(Summary.map(Summary.map(o.get(t)).get(k)).get("summary"));
                double v = s.get("orphans") instanceof Number n ? n.doubleValue() : 0;
                most = Math.max(most, v);
                y.add(v);
            }
            c.addSeries(t, List.of("after a requested restart", "after a crash"), y).setFillColor(color(t));
        }
        c.getStyler().setYAxisMax(most + 1);
        return c;
    }

    static CategoryChart scale(Map<String, Object> sc) {
        CategoryChart c = base(800, 440, "ultrawatch at scale: CPU % (≤ 5), RSS MB / 10 (≤ 25.6), p99 lateness ms / 10"
                + " (≤ 10)", "log scale");
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setYAxisMin(0.1);
        c.getStyler().setYAxisMax(2000.0);
        List<String> x = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> late = new ArrayList<>();
        Map<String, Object> idle = Summary.map(Summary.map(sc.get("idle")).get("ultrawatch"));
        Map<String, Object> scale = Summary.map(sc.get("scale"));
        List<Map<String, Object>> rows = new ArrayList<>();
        // The idle run's bot stands for "1 bot" only when scale did not measure one at its own settings.
        if (!idle.isEmpty() && !scale.containsKey("ultrawatch_1")) {
            rows.add(idle);
            x.add("1 bot");
        }
        for (Map.Entry<String, Object> e : scale.entrySet()) {
            rows.add(Summary.map(e.getValue()));
            String n = e.getKey().replace("ultrawatch_", "");
            x.add(n + (n.equals("1") ? " bot" : " bots"));
        }
        if (rows.isEmpty()) {
            c.addSeries("no data", List.of("-"), List.of(0.0));
            return c;
        }
        for (Map<String, Object> r : rows) {
            cpu.add(Math.max(0.1, num(r.get("cpu_pct"))));
            rss.add(Math.max(0.1, num(r.get("rss_mb_mean")) / 10));
            late.add(Math.max(0.1, num(r.get("probe_lateness_p99_ms")) / 10));
        }
        c.addSeries("CPU % of a core", x, cpu).setFillColor(ULTRA);
        c.addSeries("RSS MB / 10", x, rss).setFillColor(new Color(0x7F, 0xB8, 0x8F));
        c.addSeries("probe lateness p99 ms / 10", x, late).setFillColor(new Color(0x55, 0x55, 0x55));
        return c;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0.0;
    }
}
