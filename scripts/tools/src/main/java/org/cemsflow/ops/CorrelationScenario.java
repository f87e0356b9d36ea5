package org.cemsflow.ops;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.time.LocalTimes;

/**
 * A seeded three-week scenario for the correlation detectors (real-time records every 5 minutes):
 * <ul>
 *   <li>plant A (production and treatment meters with rated power, a stack) carries one planted
 *       anomaly of each kind on days 8 to 10;</li>
 *   <li>plant B, the same, is a clean control: noise, the daily load cycle, a genuine shutdown
 *       (everything drops together, the humidity sensor sits still) and a silence covered by a
 *       maintenance mark made in time;</li>
 *   <li>plant C has meters without rated power: its treatment stops and its stack falls silent on
 *       day 3, before a rating can be learned (no alert), and again on day 16 (alerts);</li>
 *   <li>plant D is known only by its water: a water meter and an outfall that falls silent on day
 *       12 while water is used (alert), and a genuine stop on day 14 (meter, flow and COD at zero).</li>
 * </ul>
 * {@code write(dir)} writes frames.h212, marks.jsonl and a reference directory.
 */
public final class CorrelationScenario {
    public static final int DAYS = 21;
    static final long DAY0 = LocalTimes.parseIso("2025-03-01T00:00:00+08:00");
    static final long H = LocalTimes.HOUR_MS;

    private CorrelationScenario() {}

    static long at(int day, double hour) {
        return DAY0 + day * LocalTimes.DAY_MS + (long) (hour * H);
    }

    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("reference"));
        Files.writeString(
                dir.resolve("reference/points.csv"),
                "mn,point_id,unit_id,unit_name,medium,o2_ref,password,minute_interval\n"
                        + "SA,stack-a,plant-a,Plant A,air,6,,\nSB,stack-b,plant-b,Plant B,air,6,,\nSC,stack-c,plant-c,Plant C,air,6,,\n"
                        + "OD,outfall-d,plant-d,Plant D,water,,,\n");
        Files.writeString(
                dir.resolve("reference/meters.csv"),
                "mn,unit_id,role,rated_kw\n"
                        + "PA,plant-a,production,1000\nTA,plant-a,treatment,100\nPB,plant-b,production,1000\nTB,plant-b,treatment,100\n"
                        + "PC,plant-c,production,\nTC,plant-c,treatment,\nWD,plant-d,water,\n");
        Files.writeString(
                dir.resolve("marks.jsonl"),
                // A: declared stopped on day 9, 18:00-20:00, while it runs
                "{\"mn\":\"SA\",\"from\":\"2025-03-10T18:00:00+08:00\",\"to\":\"2025-03-10T20:00:00+08:00\",\"kind\":\"shutdown\","
                        + "\"marked_at\":\"2025-03-10T17:00:00+08:00\"}\n"
                        // B: maintenance marked in time on day 9, 10:00-12:00, while its stack is
                        // silent
                        + "{\"mn\":\"SB\",\"from\":\"2025-03-10T10:00:00+08:00\",\"to\":\"2025-03-10T12:00:00+08:00\",\"kind\":\"maintenance\","
                        + "\"marked_at\":\"2025-03-10T09:00:00+08:00\"}\n");
        try (Writer w =
                Files.newBufferedWriter(dir.resolve("frames.h212"), StandardCharsets.US_ASCII)) {
            unit(w, "A", new Random(11));
            unit(w, "B", new Random(22));
            unit(w, "C", new Random(33));
            water(w, new Random(44));
        }
    }

    private static void unit(Writer w, String u, Random rnd) throws IOException {
        boolean planted = u.equals("A");
        boolean unrated = u.equals("C");
        everyFiveMinutes(
                (day, hour, t) -> {
                    double load =
                            600 + 250 * Math.sin(hour / 24 * 2 * Math.PI) + 15 * rnd.nextGaussian();
                    double treatment = 0.1 * load + 2 * rnd.nextGaussian();
                    double o2 = 11 + 0.2 * rnd.nextGaussian();
                    double flow = 0.05 * load + 0.5 * rnd.nextGaussian();
                    double so2 = 0.04 * load + 0.8 * rnd.nextGaussian();
                    double humidity = 8 + 0.3 * rnd.nextGaussian();
                    double zsFactor = 1.0;
                    boolean stackSilent = false;
                    if (unrated && (day == 3 || day == 16)) {
                        if (hour >= 10 && hour < 11) {
                            treatment = 1; // TREATMENT_NOT_RUNNING, once a rating is learned
                        }
                        stackSilent =
                                hour >= 14 && hour < 16; // DATA_MISSING_WHILE_PRODUCING, likewise
                    }
                    if (planted) {
                        if (day == 8 && hour >= 10 && hour < 11) {
                            treatment = 1; // TREATMENT_NOT_RUNNING
                        }
                        if (day == 8 && hour >= 14 && hour < 16) {
                            stackSilent = true; // DATA_MISSING_WHILE_PRODUCING
                        }
                        if (day == 9 && hour < 3) {
                            humidity = 40.0; // CONSTANT_VALUE
                        }
                        if (day == 9 && hour >= 6 && hour < 8) {
                            so2 = 0; // ZERO_VALUE
                        }
                        if (day == 9 && hour == 12) {
                            so2 = 150; // SUDDEN_CHANGE at 12:00
                        }
                        if (day == 9 && hour >= 21) {
                            zsFactor = 0.8; // CONVERSION_MISMATCH
                        }
                        if (day == 10) {
                            flow = 30 + 0.5 * rnd.nextGaussian(); // LOAD_DECOUPLING
                        }
                    } else if (u.equals("B")) {
                        if (day == 8 && hour >= 12 && hour < 16) {
                            humidity =
                                    8.0; // its sensor sits still while nothing runs: not an anomaly
                            // then
                            load = 0; // a genuine shutdown: everything drops together
                            treatment = 0;
                            o2 = 20.9;
                            flow = 0;
                            so2 = 0;
                        }
                        if (day == 9 && hour >= 10 && hour < 12) {
                            stackSilent = true; // marked maintenance
                        }
                    }
                    line(
                            w,
                            Hj212Encoder.frame("P" + u)
                                    .st("31")
                                    .cn(2011)
                                    .dataTime(t)
                                    .group("e10001", "Rtd", f(load), "Flag", "N"));
                    line(
                            w,
                            Hj212Encoder.frame("T" + u)
                                    .st("31")
                                    .cn(2011)
                                    .dataTime(t)
                                    .group("e10001", "Rtd", f(treatment), "Flag", "N"));
                    if (!stackSilent) {
                        double zs = o2 < 19 ? so2 * 15 / (21 - o2) * zsFactor : 0;
                        line(
                                w,
                                Hj212Encoder.frame("S" + u)
                                        .st("31")
                                        .cn(2011)
                                        .dataTime(t)
                                        .group("a21026", "Rtd", f(so2), "ZsRtd", f(zs), "Flag", "N")
                                        .group("a19001", "Rtd", f(o2), "Flag", "N")
                                        .group("a00000", "Rtd", f(flow), "Flag", "N")
                                        .group("a01014", "Rtd", f(humidity), "Flag", "N"));
                    }
                });
    }

    /** Plant D: a water meter and an outfall (flow and COD). */
    private static void water(Writer w, Random rnd) throws IOException {
        everyFiveMinutes(
                (day, hour, t) -> {
                    double use =
                            5 + 2 * Math.sin(hour / 24 * 2 * Math.PI) + 0.3 * rnd.nextGaussian();
                    double effluent = 0.8 * use + 0.2 * rnd.nextGaussian();
                    double cod = 30 + 3 * rnd.nextGaussian();
                    boolean silent =
                            day == 12 && hour >= 8 && hour < 10; // DATA_MISSING_WHILE_PRODUCING
                    if (day == 14 && hour >= 8 && hour < 12) {
                        use = 0; // a genuine stop: no water used, no effluent
                        effluent = 0;
                        cod = 0;
                    }
                    line(
                            w,
                            Hj212Encoder.frame("WD")
                                    .st("32")
                                    .cn(2011)
                                    .dataTime(t)
                                    .group("w00000", "Rtd", f(use), "Flag", "N"));
                    if (!silent) {
                        line(
                                w,
                                Hj212Encoder.frame("OD")
                                        .st("32")
                                        .cn(2011)
                                        .dataTime(t)
                                        .group("w00000", "Rtd", f(effluent), "Flag", "N")
                                        .group("w01018", "Rtd", f(cod), "Flag", "N"));
                    }
                });
    }

    /** One slot of the scenario: its day, its hour of the day, its time. */
    private interface Slot {
        void write(int day, double hour, long t) throws IOException;
    }

    /** Every 5 minutes of every day of the scenario, in time order. */
    private static void everyFiveMinutes(Slot slot) throws IOException {
        for (int day = 0; day < DAYS; day++) {
            for (int step = 0; step < 288; step++) {
                double hour = step / 12.0;
                slot.write(day, hour, at(day, hour));
            }
        }
    }

    private static void line(Writer w, Hj212Encoder e) throws IOException {
        w.write(e.pw("123456").encode());
        w.write("\r\n");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, v));
    }
}
