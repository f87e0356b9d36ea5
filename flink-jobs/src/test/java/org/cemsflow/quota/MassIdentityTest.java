package org.cemsflow.quota;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.cemsflow.aggregation.HourBucket;
import org.cemsflow.aggregation.HourlyMeanAggregate;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.Reading;
import org.cemsflow.config.CemsflowSettings;
import org.cemsflow.local.LocalIngest;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.protocol.Hj212Frame;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

/**
 * On the real captures, a pollutant's hourly Cou [kg] = Avg x flow Cou [m3] x 1e-6
 * (air) or x 1e-3 (water), and flow Cou = Avg x 3600 s (air m3/s; water L/s / 1000). Our hourly
 * mass (measured mean x volume from the flow mean) must agree with what the devices reported,
 * within the rounding of the reported Cou, for nearly every CN 2061 record that carries both.
 */
class MassIdentityTest {
    @Test
    void hourlyMassMatchesTheDevicesCumulativeValues() throws Exception {
        HourlyMeanAggregate rule =
                new HourlyMeanAggregate(
                        org.cemsflow.aggregation.AggregationParams.of(CemsflowSettings.defaults()));
        int checked = 0;
        int agree = 0;
        for (Path f :
                LocalIngest.expand(List.of("src/test/resources/hj212/hj212-hebei-2016-08-24"))) {
            for (String line : lines(f)) {
                if (!line.contains("CN=2061")) {
                    continue;
                }
                List<Reading> readings;
                try {
                    Hj212Frame frame =
                            Hj212Codec.parse(
                                    line.endsWith("\r")
                                            ? line.substring(0, line.length() - 1)
                                            : line);
                    readings = Hj212Codec.decode(frame);
                } catch (Hj212Exception e) {
                    continue;
                }
                Map<String, Reading> byCode =
                        readings.stream()
                                .collect(Collectors.toMap(Reading::getCode, r -> r, (a, b) -> a));
                Reading airFlow = byCode.get("a00000");
                Reading waterFlow = byCode.get("w00000");
                HourBucket bucket = new HourBucket();
                for (Reading r : readings) {
                    if (HourlyMeanAggregate.contributes(r)) {
                        rule.add(bucket, r);
                    }
                }
                long hour = LocalTimes.hourStart(readings.get(0).getDataTime());
                for (Aggregate a : rule.rows("X", hour, bucket, 60)) {
                    Reading src = byCode.get(a.getPollutant());
                    Reading flow = a.getPollutant().startsWith("w") ? waterFlow : airFlow;
                    if (a.getEmissionKg() == null
                            || src.getCou() == null
                            || flow == null
                            || flow.getCou() == null
                            || flow.getCou() <= 0) {
                        continue;
                    }
                    checked++;
                    double resolution = Math.pow(10, -decimals(src.getCou()));
                    if (Math.abs(a.getEmissionKg() - src.getCou())
                            <= resolution + 0.05 * Math.abs(src.getCou())) {
                        agree++;
                    }
                }
            }
        }
        assertTrue(checked > 3000, checked + " hourly masses checked");
        assertTrue(
                agree >= 0.9 * checked, agree + " of " + checked + " agree with the devices' Cou");
    }

    /** Decimals of the reported Cou (the device rounds or truncates to them). */
    private static int decimals(double cou) {
        String text = Double.toString(cou);
        int dot = text.indexOf('.');
        return dot < 0 ? 0 : Math.max(1, text.length() - dot - 1);
    }

    private static List<String> lines(Path gz) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return List.of(b.toString(StandardCharsets.ISO_8859_1).split("\n"));
        }
    }
}
