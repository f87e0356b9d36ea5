package org.cemsflow.ops;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.cemsflow.config.Commands;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.time.LocalTimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cemsflow live-frames OUT_DIR [--devices N] [--hours H] [--now EPOCH_MS]}: minute data of N
 * healthy stacks for the last H hours up to now (wall clock), as they arrive live, plus two
 * devices with broken clocks that join for the last half hour: {@code LIVECLOCKAHEAD} stamps its
 * frames one hour ahead, {@code LIVECLOCKBEHIND} sixteen years behind. Writes
 * {@code OUT_DIR/frames.h212} (in arrival order), {@code OUT_DIR/reference/points.csv} and
 * {@code OUT_DIR/expect.properties} (counts and the complete hours a 5-minute watermark delay closes).
 */
public final class LiveFrames {
    public static final String AHEAD = "LIVECLOCKAHEAD";
    public static final String BEHIND = "LIVECLOCKBEHIND";

    /** The broken clocks send during the last half hour only: stamped an hour ahead, all of it is future. */
    static final long BROKEN_FOR_MS = 30 * 60_000L;

    private LiveFrames() {}

    /** {@code cemsflow live-frames}. */
    @Command(
            name = "live-frames",
            description =
                    "Write minute frames of simulated devices for the last hours up to now, as a live logger would.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;

        @Parameters(paramLabel = "OUT_DIR", description = "where to write")
        Path out;

        @Option(names = "--devices", paramLabel = "N", description = "devices (default: 20)")
        int devices = 20;

        @Option(names = "--hours", paramLabel = "H", description = "hours up to now (default: 3)")
        int hours = 3;

        @Option(
                names = "--now",
                paramLabel = "EPOCH_MS",
                description = "the time taken as now (default: the clock)")
        long now = System.currentTimeMillis();

        @Override
        public Integer call() throws IOException {
            write(out, devices, hours, now);
            return Commands.OK;
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
    }

    public static String healthy(int i) {
        return String.format(Locale.ROOT, "LIVE%010d", i);
    }

    public static void write(Path out, int devices, int hours, long now) throws IOException {
        Files.createDirectories(out.resolve("reference"));
        try (Writer w =
                Files.newBufferedWriter(
                        out.resolve("reference/points.csv"), StandardCharsets.US_ASCII)) {
            w.write("mn,point_id,unit_id,unit_name,medium,o2_ref,password,minute_interval\n");
            for (int i = 0; i < devices; i++) {
                w.write(
                        healthy(i)
                                + ",live-stack-"
                                + i
                                + ",live-unit-"
                                + i
                                + ",Live unit "
                                + i
                                + ",air,9,live,1\n");
            }
            w.write(AHEAD + ",clock-ahead-stack,clock-ahead-unit,Clock ahead,air,9,live,1\n");
            w.write(BEHIND + ",clock-behind-stack,clock-behind-unit,Clock behind,air,9,live,1\n");
        }
        Random rnd = new Random(now / 60_000);
        long firstMinute = (now / 60_000 - hours * 60L) * 60_000;
        long sixteenYears =
                LocalTimes.parseIso("2026-01-01T00:00:00+08:00")
                        - LocalTimes.parseIso("2010-01-01T00:00:00+08:00");
        long frames = 0;
        long broken = 0;
        long lastMinute = firstMinute;
        try (Writer w =
                Files.newBufferedWriter(out.resolve("frames.h212"), StandardCharsets.US_ASCII)) {
            for (long t = firstMinute; t < now - 60_000; t += 60_000) {
                for (int i = 0; i < devices; i++) {
                    w.write(frame(healthy(i), t, rnd));
                    frames++;
                }
                if (t >= now - BROKEN_FOR_MS) {
                    w.write(frame(AHEAD, t + 3_600_000L, rnd));
                    w.write(frame(BEHIND, t - sixteenYears, rnd));
                    frames += 2;
                    broken++;
                }
                lastMinute = t;
            }
        }
        // what a job with a 5-minute watermark delay must show once it has read everything
        long firstFullHour = (firstMinute + 3_599_999L) / 3_600_000L * 3_600_000L;
        long endFullHours = (lastMinute - 5 * 60_000L) / 3_600_000L * 3_600_000L;
        Files.writeString(
                out.resolve("expect.properties"),
                "frames="
                        + frames
                        + "\ndevices="
                        + devices
                        + "\nfirst_full_hour="
                        + firstFullHour / 1000
                        + "\nend_full_hours="
                        + endFullHours / 1000
                        + "\nfull_hours="
                        + Math.max(0, (endFullHours - firstFullHour) / 3_600_000L)
                        + "\nahead_mn="
                        + AHEAD
                        + "\nbehind_mn="
                        + BEHIND
                        + "\nahead_frames="
                        + broken
                        + "\nbehind_frames="
                        + broken
                        + "\n",
                StandardCharsets.US_ASCII);
    }

    private static String frame(String mn, long t, Random rnd) {
        return Hj212Encoder.frame(mn)
                        .st("31")
                        .cn(2051)
                        .pw("live")
                        .dataTime(t)
                        .group("a21026", "Avg", f(20 + 2 * rnd.nextGaussian()), "Flag", "N")
                        .group("a21002", "Avg", f(40 + 4 * rnd.nextGaussian()), "Flag", "N")
                        .group("a19001", "Avg", f(10 + 0.3 * rnd.nextGaussian()), "Flag", "N")
                        .group("a00000", "Avg", f(50 + 2 * rnd.nextGaussian()), "Flag", "N")
                        .encode()
                + "\r\n";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
