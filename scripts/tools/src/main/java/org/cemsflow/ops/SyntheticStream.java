package org.cemsflow.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.cemsflow.config.Commands;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.time.LocalTimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A seeded, realistic synthetic HJ 212 stream for the benchmark and the fault-injection suite:
 * N monitoring points (7 in 10 stacks, 3 in 10 outfalls), a minute record per point and minute
 * (about 10 codes each) and, optionally, two real-time records per minute; a share of the stacks
 * exceed their SO2 limit for four consecutive hours each day, each stack at its own hours
 * (exceedance alerts); a share of frames arrive
 * late by a fixed delay; a share arrive corrupted. Frames come in arrival order. The same options
 * give the same bytes every time.
 *
 * <pre>cemsflow synthetic OUT_DIR --points N --hours H [--realtime] [--late SHARE] [--late-delay PT30M]
 *                  [--bad SHARE] [--exceeding SHARE] [--seed S] [--start ISO-8601]</pre>
 * writes {@code OUT_DIR/frames.h212.gz} and the reference directory {@code OUT_DIR/reference/}.
 */
public final class SyntheticStream {
    public record Options(
            int points,
            int hours,
            long start,
            boolean realtime,
            double lateShare,
            long lateDelayMs,
            double badShare,
            double exceedingShare,
            long seed) {
        public static Options defaults(int points, int hours) {
            return new Options(
                    points,
                    hours,
                    LocalTimes.parseIso("2026-03-02T00:00:00+08:00"),
                    false,
                    0.0,
                    30 * 60_000L,
                    0.0,
                    0.05,
                    20260302L);
        }
    }

    static final double SO2_LIMIT = 100;
    static final double COD_LIMIT = 50;

    private SyntheticStream() {}

    public static String mn(int i) {
        return String.format(Locale.ROOT, "SYN%011d", i);
    }

    static boolean isAir(int i) {
        return i % 10 < 7;
    }

    static boolean exceeds(Options o, int i) {
        return isAir(i)
                && o.exceedingShare() > 0
                && i % Math.max(1, (int) Math.round(1 / o.exceedingShare())) == 0;
    }

    /** points.csv and limits.csv of the stream's points. */
    public static void writeReference(Path dir, Options o) throws IOException {
        Files.createDirectories(dir);
        try (Writer p =
                        Files.newBufferedWriter(
                                dir.resolve("points.csv"), StandardCharsets.US_ASCII);
                Writer l =
                        Files.newBufferedWriter(
                                dir.resolve("limits.csv"), StandardCharsets.US_ASCII)) {
            p.write("mn,point_id,unit_id,unit_name,medium,o2_ref,password,minute_interval\n");
            l.write("point_id,pollutant,limit,averaging\n");
            for (int i = 0; i < o.points(); i++) {
                String point = "syn-point-" + i;
                boolean air = isAir(i);
                p.write(
                        mn(i)
                                + ","
                                + point
                                + ",syn-unit-"
                                + (i / 2)
                                + ",Synthetic unit "
                                + (i / 2)
                                + ","
                                + (air ? "air,9" : "water,")
                                + ",syn,1\n");
                l.write(
                        air
                                ? point
                                        + ",a21026,"
                                        + SO2_LIMIT
                                        + ",hour\n"
                                        + point
                                        + ",a21002,200,hour\n"
                                : point + ",w01018," + COD_LIMIT + ",day\n");
            }
        }
    }

    /** Every frame of the stream, in arrival order. */
    public static void forEachFrame(Options o, Consumer<String> out) {
        Random rnd = new Random(o.seed());
        ArrayDeque<long[]> lateQueue = new ArrayDeque<>(); // {due, index into lateFrames}
        ArrayDeque<String> lateFrames = new ArrayDeque<>();
        long minutes = o.hours() * 60L;
        for (long m = 0; m < minutes; m++) {
            long t = o.start() + m * 60_000L;
            while (!lateQueue.isEmpty() && lateQueue.peekFirst()[0] <= t) {
                lateQueue.pollFirst();
                out.accept(lateFrames.pollFirst());
            }
            int hourOfDay = (int) ((m / 60) % 24);
            for (int i = 0; i < o.points(); i++) {
                String f = isAir(i) ? air(o, i, t, 2051, hourOfDay, rnd) : water(i, t, 2051, rnd);
                if (o.lateShare() > 0 && rnd.nextDouble() < o.lateShare()) {
                    lateQueue.addLast(new long[] {t + o.lateDelayMs()});
                    lateFrames.addLast(f);
                    continue;
                }
                out.accept(
                        o.badShare() > 0 && rnd.nextDouble() < o.badShare() ? corrupt(f, rnd) : f);
                if (o.realtime()) {
                    for (int k = 0; k < 2; k++) {
                        long rt = t + k * 30_000L;
                        out.accept(
                                isAir(i)
                                        ? air(o, i, rt, 2011, hourOfDay, rnd)
                                        : water(i, rt, 2011, rnd));
                    }
                }
            }
        }
        lateFrames.forEach(out);
    }

    private static String air(Options o, int i, long t, int cn, int hourOfDay, Random rnd) {
        // four hours a day, staggered by point so that streaks end at every hour of the day
        int shifted = (hourOfDay + i) % 24;
        boolean high = exceeds(o, i) && shifted >= 8 && shifted < 12;
        double so2 = high ? SO2_LIMIT * 1.5 + 5 * rnd.nextGaussian() : 40 + 8 * rnd.nextGaussian();
        String avg = cn == 2011 ? "Rtd" : "Avg";
        Hj212Encoder e = Hj212Encoder.frame(mn(i)).st("31").cn(cn).pw("syn").dataTime(t);
        if (cn == 2011) {
            e.group("a21026", avg, f(so2), "Flag", "N");
        } else {
            e.group("a21026", "Min", f(so2 - 3), avg, f(so2), "Max", f(so2 + 3), "Flag", "N");
        }
        return e.group("a21002", avg, f(90 + 6 * rnd.nextGaussian()), "Flag", "N")
                .group("a34013", avg, f(8 + rnd.nextGaussian()), "Flag", "N")
                .group("a19001", avg, f(9 + 0.3 * rnd.nextGaussian()), "Flag", "N")
                .group("a01012", avg, f(120 + 3 * rnd.nextGaussian()), "Flag", "N")
                .group("a01013", avg, f(-200 + 20 * rnd.nextGaussian()), "Flag", "N")
                .group("a01014", avg, f(8 + 0.5 * rnd.nextGaussian()), "Flag", "N")
                .group("a01011", avg, f(12 + 0.5 * rnd.nextGaussian()), "Flag", "N")
                .group("a00000", avg, f(60 + 3 * rnd.nextGaussian()), "Flag", "N")
                .group("a01016", avg, "4.91", "Flag", "N")
                .encode();
    }

    private static String water(int i, long t, int cn, Random rnd) {
        String avg = cn == 2011 ? "Rtd" : "Avg";
        return Hj212Encoder.frame(mn(i))
                .st("32")
                .cn(cn)
                .pw("syn")
                .dataTime(t)
                .group("w00000", avg, f(3 + 0.2 * rnd.nextGaussian()), "Flag", "N")
                .group("w01018", avg, f(30 + 3 * rnd.nextGaussian()), "Flag", "N")
                .group("w21003", avg, f(2 + 0.2 * rnd.nextGaussian()), "Flag", "N")
                .group("w21011", avg, f(0.3 + 0.03 * rnd.nextGaussian()), "Flag", "N")
                .group("w21001", avg, f(10 + rnd.nextGaussian()), "Flag", "N")
                .group("w01001", avg, f(7.2 + 0.05 * rnd.nextGaussian()), "Flag", "N")
                .group("w01010", avg, f(18 + 0.5 * rnd.nextGaussian()), "Flag", "N")
                .group("w01014", avg, f(900 + 20 * rnd.nextGaussian()), "Flag", "N")
                .group("w01003", avg, f(3 + 0.2 * rnd.nextGaussian()), "Flag", "N")
                .encode();
    }

    /** One flipped bit somewhere after the "##": the CRC (or the syntax) catches it. */
    private static String corrupt(String f, Random rnd) {
        char[] c = f.toCharArray();
        int at = 2 + rnd.nextInt(c.length - 2);
        c[at] = (char) (c[at] ^ (1 << rnd.nextInt(7)));
        if (c[at] == '\n' || c[at] == '\r') {
            c[at] = '?';
        }
        return new String(c);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** {@code cemsflow synthetic}. */
    @Command(
            name = "synthetic",
            description =
                    "Write a synthetic day (or more) of points with their reference: frames.h212.gz and reference/.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;
        private static final Options D = Options.defaults(100, 24);

        @Parameters(paramLabel = "OUT_DIR", description = "where to write")
        Path out;

        @Option(names = "--points", paramLabel = "N", description = "points (default: 100)")
        int points = D.points();

        @Option(names = "--hours", paramLabel = "H", description = "hours (default: 24)")
        int hours = D.hours();

        @Option(
                names = "--start",
                paramLabel = "ISO_TIME",
                converter = IsoTime.class,
                description = "local (UTC+8) start, such as 2026-04-01T00:00")
        long start = D.start();

        @Option(
                names = "--realtime",
                description = "real-time data (CN 2011) rather than minute data")
        boolean realtime;

        @Option(names = "--late", paramLabel = "SHARE", description = "share of frames sent late")
        double late = D.lateShare();

        @Option(
                names = "--late-delay",
                paramLabel = "DURATION",
                description = "how late (ISO-8601, such as PT2H)")
        java.time.Duration lateDelay = java.time.Duration.ofMillis(D.lateDelayMs());

        @Option(names = "--bad", paramLabel = "SHARE", description = "share of bad frames")
        double bad = D.badShare();

        @Option(
                names = "--exceeding",
                paramLabel = "SHARE",
                description = "share of points over their limit")
        double exceeding = D.exceedingShare();

        @Option(names = "--seed", paramLabel = "S", description = "seed")
        long seed = D.seed();

        @Override
        public Integer call() throws IOException {
            write(
                    out,
                    new Options(
                            points,
                            hours,
                            start,
                            realtime,
                            late,
                            lateDelay.toMillis(),
                            bad,
                            exceeding,
                            seed));
            return Commands.OK;
        }
    }

    /** A local ISO time as epoch milliseconds. */
    static final class IsoTime implements picocli.CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return LocalTimes.parseIso(value);
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
    }

    /** Writes the reference and the frames of {@code o} into {@code out}. */
    static void write(Path out, Options o) throws IOException {
        writeReference(out.resolve("reference"), o);
        long[] n = {0};
        try (OutputStream gz =
                        new GZIPOutputStream(
                                Files.newOutputStream(out.resolve("frames.h212.gz")), 1 << 16);
                Writer w = new OutputStreamWriter(gz, StandardCharsets.ISO_8859_1)) {
            forEachFrame(
                    o,
                    f -> {
                        try {
                            w.write(f);
                            w.write("\r\n");
                            n[0]++;
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
        System.err.printf(
                "synthetic: %,d frames of %d points over %d hours in %s%n",
                n[0], o.points(), o.hours(), out);
    }
}
