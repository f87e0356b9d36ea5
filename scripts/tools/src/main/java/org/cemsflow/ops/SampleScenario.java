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
 * Writes the small generated scenario of the sample data (seeded, so it is the same every time):
 * one day of a coal boiler stack (10-minute data, O2 reference 9 %) with two hours of maintenance,
 * and an outfall (real-time data every minute) whose COD rises in the afternoon.
 * <pre>SampleScenario OUT_FILE</pre>
 */
public final class SampleScenario {
    public static final String AIR = "SAMPLE0000AIR1";
    public static final String WATER = "SAMPLE000WATER";
    static final long DAY = LocalTimes.parseIso("2016-08-24T00:00:00+08:00");

    private SampleScenario() {}

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]));
    }

    public static void write(Path out) throws IOException {
        Random rnd = new Random(20160824);
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
            for (int slot = 0; slot < 144; slot++) {
                long t = DAY + slot * 600_000L;
                int hour = slot / 6;
                String flag = hour == 14 || hour == 15 ? "M" : "N";
                w.write(
                        Hj212Encoder.frame(AIR)
                                .st("31")
                                .cn(2051)
                                .pw("sample")
                                .dataTime(t)
                                .group(
                                        "a21026",
                                        "Min",
                                        f(60 + rnd.nextGaussian()),
                                        "Avg",
                                        f(70 + 8 * Math.sin(hour / 3.0)),
                                        "Max",
                                        f(85 + rnd.nextGaussian()),
                                        "Flag",
                                        flag)
                                .group(
                                        "a21002",
                                        "Avg",
                                        f(90 + 5 * rnd.nextGaussian()),
                                        "Flag",
                                        flag)
                                .group("a34013", "Avg", f(12 + rnd.nextGaussian()), "Flag", flag)
                                .group(
                                        "a19001",
                                        "Avg",
                                        f(10.5 + 0.3 * rnd.nextGaussian()),
                                        "Flag",
                                        "N")
                                .group("a00000", "Avg", f(52 + 2 * rnd.nextGaussian()), "Flag", "N")
                                .encode());
                w.write("\r\n");
            }
            for (int m = 0; m < 1440; m++) {
                long t = DAY + m * 60_000L;
                double cod = m < 840 ? 38 + 2 * rnd.nextGaussian() : 55 + 3 * rnd.nextGaussian();
                w.write(
                        Hj212Encoder.frame(WATER)
                                .st("32")
                                .cn(2011)
                                .pw("sample")
                                .dataTime(t)
                                .group(
                                        "w00000",
                                        "Rtd",
                                        f(3.2 + 0.1 * rnd.nextGaussian()),
                                        "Flag",
                                        "N")
                                .group("w01018", "Rtd", f(cod), "Flag", "N")
                                .group(
                                        "w21003",
                                        "Rtd",
                                        f(2.1 + 0.2 * rnd.nextGaussian()),
                                        "Flag",
                                        "N")
                                .group(
                                        "w01001",
                                        "Rtd",
                                        f(7.2 + 0.05 * rnd.nextGaussian()),
                                        "Flag",
                                        "N")
                                .encode());
                w.write("\r\n");
            }
        }
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
