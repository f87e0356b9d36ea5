package org.cemsflow.ops;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.cemsflow.alerts.AlertIds;
import org.cemsflow.config.Commands;
import org.cemsflow.json.Json;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.time.LocalTimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A seeded multi-day scenario of several units as a live platform receives it: every frame, mark,
 * answer and substitute with the moment it arrives. It is what the streaming job must decide as
 * run-local does (the live-parity test, the unbounded chaos case). Each unit has a stack
 * (10-minute data, O2 reference 6 %), a production and a treatment meter, and an outfall, and
 * carries:
 * <ul>
 *   <li>two SO2 streaks over the limit (EXCEEDANCE_3H, day 0 and day 2) and one broken by a
 *       maintenance mark made in time (day 1);</li>
 *   <li>an outfall day over its COD limit (EXCEEDANCE_DAILY, day 1);</li>
 *   <li>an SO2 permit crossed at 80 % and 100 %, with a three-hour silence of the stack (day 1,
 *       DATA_MISSING_WHILE_PRODUCING) whose middle hour is covered by manual substitute data;</li>
 *   <li>CONSTANT_VALUE (humidity), TREATMENT_NOT_RUNNING, ZERO_VALUE (NOx) and SUDDEN_CHANGE (dust);</li>
 *   <li>answers in time, late, missing, and one stamped in time that travels 3.5 hours;</li>
 *   <li>reviews of leads: confirmed or dismissed, repeated, of a lead that never was, one line that is
 *       no review;</li>
 *   <li>devices uploading late: one unit's stack 2 h, another's production meter 1.5 h, another's
 *       outfall 3 h; another's stack with DataTimes jittered by seconds (its spacing is 10 minutes).</li>
 * </ul>
 * Clock devices of a unit of their own keep sending {@link #TAIL_HOURS} after the units stop, so
 * that event time passes every decision about them, live and in run-local alike.
 *
 * <p>{@code write(dir)} writes {@code frames.h212} (in arrival order), {@code marks.jsonl},
 * {@code feedback.jsonl}, {@code substitutes.jsonl}, {@code reviews.jsonl}, {@code reference/} and
 * {@code schedule.tsv}: one line per input, {@code arrival_ms TAB kind TAB key TAB payload}, kind
 * raw, marks, feedback, substitutes or reviews, in arrival order.
 */
public final class ParityScenario {
    public static final long DAY0 = LocalTimes.parseIso("2025-06-02T00:00:00+08:00");
    public static final int TAIL_HOURS = 18;
    static final int CLOCKS = 8;
    static final long H = LocalTimes.HOUR_MS;
    static final long MIN = 60_000;

    private final int units;
    private final int days;
    private final long seed;

    /** Put before every MN, point and unit id: runs that share a database or topics do not mix. */
    private final String prefix;

    private final List<Input> inputs = new ArrayList<>();

    /** One input as it arrives. */
    public record Input(long arrival, int order, String kind, String key, String payload) {}

    public ParityScenario(int units, int days, long seed, String prefix) {
        if (units < 1 || days < 4) {
            throw new IllegalArgumentException("the scenario needs at least 1 unit and 4 days");
        }
        this.units = units;
        this.days = days;
        this.seed = seed;
        this.prefix = prefix;
    }

    /** The id of something of the scenario (an MN, a point, a unit) as written. */
    public String id(String name) {
        return prefix + name;
    }

    static long at(int day, double hour) {
        return DAY0 + day * LocalTimes.DAY_MS + Math.round(hour * H);
    }

    /** Upload delay of a device: how long after its record's period the platform receives it. */
    static long delay(int u, String role) {
        return switch (u % 4) {
            case 0 -> role.equals("stack") ? 2 * H : 0;
            case 1 -> role.equals("production") ? 90 * MIN : 0;
            case 2 -> role.equals("outfall") ? 3 * H : 0;
            default -> 0;
        };
    }

    public void write(Path dir) throws IOException {
        inputs.clear();
        Files.createDirectories(dir.resolve("reference"));
        StringBuilder points =
                new StringBuilder(
                        "mn,point_id,unit_id,unit_name,medium,o2_ref,password,minute_interval\n");
        StringBuilder meters = new StringBuilder("mn,unit_id,role,rated_kw\n");
        StringBuilder limits = new StringBuilder("point_id,pollutant,limit,averaging\n");
        StringBuilder permits = new StringBuilder("unit_id,pollutant,year,permitted_kg\n");
        for (int u = 0; u < units; u++) {
            String unit = id("unit-" + u);
            String stack = id("stack-" + u);
            String outfall = id("outfall-" + u);
            points.append(
                            String.join(
                                    ",",
                                    id("S" + u),
                                    stack,
                                    unit,
                                    "Plant " + u,
                                    "air",
                                    "6",
                                    "",
                                    ""))
                    .append('\n');
            points.append(
                            String.join(
                                    ",",
                                    id("W" + u),
                                    outfall,
                                    unit,
                                    "Plant " + u,
                                    "water",
                                    "",
                                    "",
                                    ""))
                    .append('\n');
            meters.append(String.join(",", id("P" + u), unit, "production", "1000")).append('\n');
            meters.append(String.join(",", id("T" + u), unit, "treatment", "100")).append('\n');
            limits.append(
                    stack
                            + ",a21026,35,hour\n"
                            + stack
                            + ",a21002,200,hour\n"
                            + stack
                            + ",a34013,20,hour\n"
                            + outfall
                            + ",w01018,50,day\n");
            permits.append(unit + ",a21026,2025,250\n");
            unit(u, new Random(seed * 1000 + u));
        }
        for (int c = 0; c < CLOCKS; c++) {
            points.append(
                            String.join(
                                    ",",
                                    id("CLOCK" + c),
                                    id("clock-" + c),
                                    id("unit-clock"),
                                    "Clock",
                                    "air",
                                    "",
                                    "",
                                    ""))
                    .append('\n');
        }
        clock(new Random(seed));
        Files.writeString(dir.resolve("reference/points.csv"), points.toString());
        Files.writeString(dir.resolve("reference/meters.csv"), meters.toString());
        Files.writeString(dir.resolve("reference/limits.csv"), limits.toString());
        Files.writeString(dir.resolve("reference/permits.csv"), permits.toString());

        inputs.sort(Comparator.comparingLong(Input::arrival).thenComparingInt(Input::order));
        try (Writer frames =
                        Files.newBufferedWriter(
                                dir.resolve("frames.h212"), StandardCharsets.US_ASCII);
                Writer marks =
                        Files.newBufferedWriter(
                                dir.resolve("marks.jsonl"), StandardCharsets.UTF_8);
                Writer feedback =
                        Files.newBufferedWriter(
                                dir.resolve("feedback.jsonl"), StandardCharsets.UTF_8);
                Writer substitutes =
                        Files.newBufferedWriter(
                                dir.resolve("substitutes.jsonl"), StandardCharsets.UTF_8);
                Writer reviews =
                        Files.newBufferedWriter(
                                dir.resolve("reviews.jsonl"), StandardCharsets.UTF_8);
                Writer schedule =
                        Files.newBufferedWriter(
                                dir.resolve("schedule.tsv"), StandardCharsets.UTF_8)) {
            for (Input in : inputs) {
                Writer w =
                        switch (in.kind) {
                            case "raw" -> frames;
                            case "marks" -> marks;
                            case "feedback" -> feedback;
                            case "reviews" -> reviews;
                            default -> substitutes;
                        };
                w.write(in.payload);
                w.write(in.kind.equals("raw") ? "\r\n" : "\n");
                schedule.write(
                        in.arrival + "\t" + in.kind + "\t" + in.key + "\t" + in.payload + "\n");
            }
        }
    }

    /** The inputs of the last {@link #write}, in arrival order. */
    public List<Input> inputs() {
        return List.copyOf(inputs);
    }

    private void add(long arrival, String kind, String key, String payload) {
        inputs.add(new Input(arrival, inputs.size(), kind, key, payload));
    }

    private void frame(int u, String role, long t, Hj212Encoder e) {
        String mn = e.encode().replaceAll(".*;MN=([^;]*);.*", "$1");
        add(t + 10 * MIN + delay(u, role), "raw", mn, e.encode());
    }

    private void unit(int u, Random rnd) {
        String unit = id("unit-" + u);
        String stack = id("stack-" + u);
        for (int day = 0; day < days; day++) {
            for (int step = 0; step < 144; step++) {
                double hour = step / 6.0;
                long t = at(day, hour);
                double load = 700 + 30 * rnd.nextGaussian();
                double treatment = 70 + 5 * rnd.nextGaussian();
                double o2 = 11 + 0.2 * rnd.nextGaussian();
                double flow = 50 + 1 * rnd.nextGaussian();
                double so2 = 20 + 1 * rnd.nextGaussian();
                double nox = 60 + 3 * rnd.nextGaussian();
                double dust = 5 + 0.3 * rnd.nextGaussian();
                double humidity = 8 + 0.3 * rnd.nextGaussian();
                double cod = 30 + 2 * rnd.nextGaussian();
                boolean silent = false;
                if ((day == 0 && hour >= 10 && hour < 14)
                        || (day == 1 && hour >= 9 && hour < 12)
                        || (day == 2 && hour >= 15 && hour < 18)) {
                    so2 = 40 + rnd.nextGaussian(); // over 35 once corrected to 6 % O2 (x 1.5)
                }
                if (day == 1 && hour >= 14 && hour < 17) {
                    silent = true; // a gap in the emissions while the unit produces
                }
                if (day == 2 && hour >= 2 && hour < 5) {
                    humidity = 8.0; // stuck
                }
                if (day == 2 && hour >= 20 && hour < 21) {
                    treatment = 2; // treatment off while producing
                }
                if (day == 3 && hour >= 8 && hour < 9.5) {
                    nox = 0; // zero while the stack runs
                }
                if (day == 3 && step == 72) {
                    dust = 60; // a jump at 12:00
                }
                if (day == 1) {
                    cod = 70 + 2 * rnd.nextGaussian(); // the day's mean over 50
                }
                frame(
                        u,
                        "production",
                        t,
                        Hj212Encoder.frame(id("P" + u))
                                .cn(2051)
                                .dataTime(t)
                                .group("e10001", "Avg", f(load), "Flag", "N"));
                frame(
                        u,
                        "treatment",
                        t,
                        Hj212Encoder.frame(id("T" + u))
                                .cn(2051)
                                .dataTime(t)
                                .group("e10001", "Avg", f(treatment), "Flag", "N"));
                if (!silent) {
                    // one unit's logger stamps its records a few seconds off the clock
                    long stamped = u % 4 == 1 ? t + (step % 2 == 0 ? 0 : 29_000) : t;
                    frame(
                            u,
                            "stack",
                            stamped,
                            Hj212Encoder.frame(id("S" + u))
                                    .cn(2051)
                                    .dataTime(stamped)
                                    .group("a21026", "Avg", f(so2), "Flag", "N")
                                    .group("a21002", "Avg", f(nox), "Flag", "N")
                                    .group("a34013", "Avg", f(dust), "Flag", "N")
                                    .group("a19001", "Avg", f(o2), "Flag", "N")
                                    .group("a00000", "Avg", f(flow), "Flag", "N")
                                    .group("a01014", "Avg", f(humidity), "Flag", "N"));
                }
                frame(
                        u,
                        "outfall",
                        t,
                        Hj212Encoder.frame(id("W" + u))
                                .st("32")
                                .cn(2051)
                                .dataTime(t)
                                .group(
                                        "w00000",
                                        "Avg",
                                        f(20 + 0.5 * rnd.nextGaussian()),
                                        "Flag",
                                        "N")
                                .group("w01018", "Avg", f(cod), "Flag", "N"));
            }
        }
        // the maintenance mark that breaks day 1's streak, made in time
        add(
                at(1, 10.5),
                "marks",
                id("S" + u),
                Json.object()
                        .put("mn", id("S" + u))
                        .time("from", at(1, 10))
                        .time("to", at(1, 11))
                        .put("kind", "maintenance")
                        .time("marked_at", at(1, 10.5))
                        .toString());
        // the manual measurement of the silence's middle hour, reported two hours after it
        add(
                at(1, 18),
                "substitutes",
                stack,
                Json.object()
                        .put("point_id", stack)
                        .put("pollutant", "a21026")
                        .time("from", at(1, 15))
                        .time("to", at(1, 16))
                        .put("kg_per_hour", 5.0)
                        .toString());
        String first = AlertIds.alertId("EXCEEDANCE_3H", unit, stack, "a21026", at(0, 10));
        String second = AlertIds.alertId("EXCEEDANCE_3H", unit, stack, "a21026", at(2, 15));
        String daily =
                AlertIds.alertId("EXCEEDANCE_DAILY", unit, id("outfall-" + u), "w01018", at(1, 0));
        switch (u % 3) {
            case 0 ->
                    answer(
                            first,
                            at(0, 15),
                            at(0, 15),
                            "confirmed"); // in time (deadline day 1 01:00)
            case 1 -> answer(first, at(1, 3), at(1, 3), "disputed"); // two hours late
            default -> {} // never answered
        }
        // the regulator's review of the lead of treatment off (day 2 20:00): confirmed the next
        // day, once more (a duplicate changes nothing); a review of a lead that never was; a line
        // that is no review
        String treatmentOff =
                AlertIds.alertId("TREATMENT_NOT_RUNNING", unit, null, null, at(2, 20));
        review(treatmentOff, at(3, 12), u % 2 == 0 ? "confirmed" : "dismissed");
        review(treatmentOff, at(3, 13), "dismissed");
        if (u == 0) {
            review(
                    AlertIds.alertId("TREATMENT_NOT_RUNNING", unit, null, null, at(0, 3)),
                    at(1, 9),
                    "confirmed");
            add(
                    at(1, 10),
                    "reviews",
                    "bad",
                    "{\"alert_id\": \"" + treatmentOff + "\", \"verdict\": \"maybe\"}");
        }
        if (u % 2 == 0) {
            // stamped half an hour before the deadline (day 3 06:00), delivered 3.5 hours later
            answer(second, at(3, 5.5), at(3, 9), "confirmed");
        } else {
            answer(daily, at(2, 8), at(2, 8), "confirmed"); // in time (deadline day 2 12:00)
        }
    }

    private void review(String alertId, long reviewedAt, String verdict) {
        add(
                reviewedAt,
                "reviews",
                alertId,
                Json.object()
                        .put("alert_id", alertId)
                        .time("reviewed_at", reviewedAt)
                        .put("verdict", verdict)
                        .put("by", "monitoring department")
                        .put("text", "power data checked")
                        .toString());
    }

    private void answer(String alertId, long answeredAt, long arrival, String verdict) {
        add(
                arrival,
                "feedback",
                alertId,
                Json.object()
                        .put("alert_id", alertId)
                        .time("answered_at", answeredAt)
                        .put("verdict", verdict)
                        .put("by", "operator")
                        .put("text", "checked on site")
                        .toString());
    }

    /**
     * The clock devices: plain noise, from the start until the tail's end. Several, so that every
     * partition of a raw topic keeps receiving until the end (none has to fall idle for event time
     * to pass the units' last hours).
     */
    private void clock(Random rnd) {
        long end = at(days, 0) + TAIL_HOURS * H;
        for (long t = DAY0; t < end; t += 10 * MIN) {
            for (int c = 0; c < CLOCKS; c++) {
                add(
                        t + 10 * MIN,
                        "raw",
                        id("CLOCK" + c),
                        Hj212Encoder.frame(id("CLOCK" + c))
                                .cn(2051)
                                .dataTime(t)
                                .group(
                                        "a19001",
                                        "Avg",
                                        f(11 + 0.5 * rnd.nextGaussian()),
                                        "Flag",
                                        "N")
                                .encode());
            }
        }
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, v));
    }

    /** {@code cemsflow scenario}. */
    @Command(
            name = "scenario",
            description =
                    "Write units with every decision of the job, as they arrive live: inputs, schedule and reference.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;

        @Parameters(paramLabel = "OUT_DIR", description = "where to write")
        Path out;

        @Option(names = "--units", paramLabel = "N", description = "units (default: 4)")
        int units = 4;

        @Option(names = "--days", paramLabel = "D", description = "days, at least 4 (default: 4)")
        int days = 4;

        @Option(names = "--seed", paramLabel = "S", description = "seed (default: 1)")
        long seed = 1;

        @Option(
                names = "--prefix",
                paramLabel = "P",
                description = "prefix of MNs and ids (default: none)")
        String prefix = "";

        @Override
        public Integer call() throws IOException {
            if (units < 1 || days < 4) {
                throw new Commands.UsageError(
                        "the scenario needs at least 1 unit (--units) and 4 days (--days)");
            }
            ParityScenario s = new ParityScenario(units, days, seed, prefix);
            s.write(out);
            System.err.printf(
                    "scenario: %d units over %d days (+%d h of a clock device), %,d inputs in %s%n",
                    units, days, TAIL_HOURS, s.inputs.size(), out);
            return Commands.OK;
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
    }
}
