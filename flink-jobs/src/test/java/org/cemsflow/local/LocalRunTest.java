package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run-local as the contract of DESIGN.md: outputs, formats, and independence of the line order. */
class LocalRunTest {
    static final Path HOUR = Path.of("src/test/resources/hj212/hj212-hebei-2016-08-24/2016-08-24-05.h212.gz");

    @TempDir
    Path tmp;

    static List<String> lines(Path gz) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            List<String> out = new ArrayList<>();
            for (String l : b.toString(StandardCharsets.ISO_8859_1).split("\n", -1)) {
                out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            }
            return out;
        }
    }

    static LocalRun.Result run(Path out, String... inputs) throws Exception {
        return LocalRun.run(new LocalRun.Options(List.of(inputs), null, true, out, Map.of()));
    }

    @Test
    void outputDoesNotDependOnTheOrderOfTheLines() throws Exception {
        List<String> lines = lines(HOUR);
        lines.add("   ");
        lines.add("");
        Path sample = tmp.resolve("sample.h212");
        SampleScenario.write(sample);
        lines.addAll(Files.readAllLines(sample, StandardCharsets.ISO_8859_1));
        Path ordered = tmp.resolve("ordered.h212");
        Files.write(ordered, lines, StandardCharsets.ISO_8859_1);
        Collections.shuffle(lines, new Random(7));
        Path shuffled = tmp.resolve("shuffled.h212.gz");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(shuffled))) {
            os.write(String.join("\r\n", lines).getBytes(StandardCharsets.ISO_8859_1));
        }
        LocalRun.Result a = run(tmp.resolve("a"), ordered.toString());
        LocalRun.Result b = run(tmp.resolve("b"), shuffled.toString());
        for (String f : List.of("hourly.csv", "daily.csv", "summary.json")) {
            assertEquals(Files.readString(tmp.resolve("a").resolve(f)), Files.readString(tmp.resolve("b").resolve(f)), f);
        }
        assertTrue(a.hourly().size() > 1000, "hourly rows: " + a.hourly().size());
        assertEquals(a.counts().lines, b.counts().lines);
        assertEquals(a.counts().lines,
                a.counts().emptyLines + a.counts().accepted + a.counts().duplicates + a.counts().rejectedTotal());
    }

    @Test
    void filesFollowTheContract() throws Exception {
        Path sample = tmp.resolve("scenario.h212");
        SampleScenario.write(sample);
        Path out = tmp.resolve("out");
        run(out, sample.toString());
        List<String> hourly = Files.readAllLines(out.resolve("hourly.csv"));
        assertEquals("mn,point_id,pollutant,period_start,avg,min,max,zs_avg,coverage_min,valid,emission_kg,volume_m3",
                hourly.get(0));
        // 24 hours x 5 air codes + 24 x 4 water codes
        assertEquals(1 + 24 * 5 + 24 * 4, hourly.size());
        String maintenance = hourly.stream().filter(l -> l.startsWith(SampleScenario.AIR + ",")
                && l.contains(",a21026,2016-08-24T14:00:00+08:00,")).findFirst().orElseThrow();
        assertEquals(SampleScenario.AIR + "," + SampleScenario.AIR + ",a21026,2016-08-24T14:00:00+08:00,,,,,0,false,,", 
                maintenance.substring(0, maintenance.lastIndexOf(',') + 1), "an hour under maintenance has no mean");
        for (String l : hourly.subList(1, hourly.size())) {
            assertTrue(l.matches("[^,]+,[^,]*,[^,]+,\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00\\+08:00(,(-?\\d+(\\.\\d{1,6})?)?){4},\\d+,(true|false)(,(-?\\d+(\\.\\d{1,6})?)?){2}"), l);
        }
        List<String> daily = Files.readAllLines(out.resolve("daily.csv"));
        assertEquals(1 + 9, daily.size());
        assertEquals("{\"lines\":1584,\"empty_lines\":0,\"accepted\":1584,\"non_data_frames\":0,\"duplicates\":0,"
                + "\"rejected\":{},\"readings\":6480,\"alerts\":{}}", Files.readString(out.resolve("summary.json")).trim());
    }
}
