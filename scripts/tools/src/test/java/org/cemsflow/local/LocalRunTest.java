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
import org.cemsflow.ops.SampleScenario;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run-local as the local run contract (README): outputs, formats, and independence of the line order. */
class LocalRunTest {
    static final Path HOUR =
            org.cemsflow.testkit.Repository.root()
                    .resolve(
                            "flink-jobs/src/test/resources/hj212/hj212-hebei-2016-08-24/2016-08-24-05.h212.gz");

    @TempDir Path tmp;

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

    static void assertSameFiles(Path a, Path b, String... files) throws Exception {
        for (String f : files) {
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
        }
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
        assertSameFiles(
                tmp.resolve("a"),
                tmp.resolve("b"),
                "hourly.csv",
                "daily.csv",
                "summary.json",
                "alerts.jsonl",
                "events.jsonl");
        assertTrue(a.hourly().size() > 1000, "hourly rows: " + a.hourly().size());
        assertEquals(a.counts().lines, b.counts().lines);
        assertEquals(
                a.counts().lines,
                a.counts().emptyLines
                        + a.counts().accepted
                        + a.counts().duplicates
                        + a.counts().rejectedTotal());
    }

    @Test
    void stateInRocksDbGivesTheSameOutputsAsOnTheHeap() throws Exception {
        Path sample = tmp.resolve("scenario.h212");
        SampleScenario.write(sample);
        for (LocalRun.StateBackend backend :
                List.of(LocalRun.StateBackend.HEAP, LocalRun.StateBackend.ROCKSDB)) {
            LocalRun.run(
                    new LocalRun.Options(
                                    List.of(sample.toString(), HOUR.toString()),
                                    null,
                                    true,
                                    tmp.resolve(backend.name()),
                                    Map.of())
                            .with(backend, LocalRun.DEVICES_PER_PASS, true));
        }
        assertSameFiles(
                tmp.resolve("HEAP"),
                tmp.resolve("ROCKSDB"),
                "hourly.csv",
                "daily.csv",
                "summary.json",
                "alerts.jsonl",
                "events.jsonl",
                "quota.csv",
                "leads.csv");
        assertTrue(!Files.readAllLines(tmp.resolve("ROCKSDB").resolve("alerts.jsonl")).isEmpty());
    }

    @Test
    void theStateGoesToDiskBeyondTheHeapsShareOfDevices() {
        assertEquals(false, LocalRun.onDisk(LocalRun.StateBackend.AUTO, LocalRun.HEAP_DEVICES));
        assertEquals(true, LocalRun.onDisk(LocalRun.StateBackend.AUTO, LocalRun.HEAP_DEVICES + 1));
        assertEquals(false, LocalRun.onDisk(LocalRun.StateBackend.HEAP, 1_000_000));
        assertEquals(true, LocalRun.onDisk(LocalRun.StateBackend.ROCKSDB, 1));
    }

    @Test
    void filesFollowTheContract() throws Exception {
        Path sample = tmp.resolve("scenario.h212");
        SampleScenario.write(sample);
        Path out = tmp.resolve("out");
        run(out, sample.toString());
        List<String> hourly = Files.readAllLines(out.resolve("hourly.csv"));
        assertEquals(
                "mn,point_id,pollutant,period_start,avg,min,max,zs_avg,coverage_min,valid,emission_kg,volume_m3",
                hourly.get(0));
        // 24 hours x 5 air codes + 24 x 4 water codes
        assertEquals(1 + 24 * 5 + 24 * 4, hourly.size());
        String maintenance =
                hourly.stream()
                        .filter(
                                l ->
                                        l.startsWith(SampleScenario.AIR + ",")
                                                && l.contains(",a21026,2016-08-24T14:00:00+08:00,"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(
                SampleScenario.AIR
                        + ","
                        + SampleScenario.AIR
                        + ",a21026,2016-08-24T14:00:00+08:00,,,,,0,false,,",
                maintenance.substring(0, maintenance.lastIndexOf(',') + 1),
                "an hour under maintenance has no mean");
        for (String l : hourly.subList(1, hourly.size())) {
            assertTrue(
                    l.matches(
                            "[^,]+,[^,]*,[^,]+,\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00\\+08:00(,(-?\\d+(\\.\\d{1,6})?)?){4},\\d+,(true|false)(,(-?\\d+(\\.\\d{1,6})?)?){2}"),
                    l);
        }
        List<String> daily = Files.readAllLines(out.resolve("daily.csv"));
        assertEquals(1 + 9, daily.size());
        assertEquals(
                "{\"lines\":1584,\"empty_lines\":0,\"accepted\":1584,\"non_data_frames\":0,\"duplicates\":0,"
                        + "\"rejected\":{},\"readings\":6480,\"alerts\":{}}",
                Files.readString(out.resolve("summary.json")).trim());
    }

    /** A reference directory with the sample scenario's boiler stack (O2 reference 9 %) and outfall. */
    Path scenarioPoints() throws Exception {
        Path ref = tmp.resolve("ref");
        Files.createDirectories(ref);
        Files.writeString(
                ref.resolve("points.csv"),
                "mn,point_id,unit_id,unit_name,medium,o2_ref,password,minute_interval\n"
                        + SampleScenario.AIR
                        + ",boiler-1,plant,Plant,air,9,sample,10\n"
                        + SampleScenario.WATER
                        + ",outfall-1,works,Works,water,,sample,\n");
        return ref;
    }

    @Test
    void alertsAndMarks() throws Exception {
        Path sample = tmp.resolve("scenario.h212");
        SampleScenario.write(sample);
        Path ref = scenarioPoints();
        Files.writeString(
                ref.resolve("limits.csv"),
                "point_id,pollutant,limit,averaging\n"
                        + "boiler-1,a21002,100,hour\noutfall-1,w01018,40,day\n");
        Path marks = tmp.resolve("marks.jsonl");
        Files.writeString(
                marks,
                String.join(
                        "\n",
                        // in time (01:00 ends at 02:00, deadline 14:00), made after the alert: the
                        // 00:00 case is retracted
                        "{\"mn\":\""
                                + SampleScenario.AIR
                                + "\",\"from\":\"2016-08-24T01:00:00+08:00\",\"to\":\"2016-08-24T02:00:00+08:00\",\"kind\":\"maintenance\",\"marked_at\":\"2016-08-24T05:00:00+08:00\"}",
                        // too late for 17:00 (deadline 2016-08-25 06:00): recorded, excuses nothing
                        "{\"mn\":\""
                                + SampleScenario.AIR
                                + "\",\"from\":\"2016-08-24T17:00\",\"to\":\"2016-08-24T18:00\",\"kind\":\"fault\",\"marked_at\":\"2016-08-25T12:00\"}",
                        "not json"));
        Path out = tmp.resolve("alerts");
        LocalRun.Result r =
                LocalRun.run(
                        new LocalRun.Options(
                                List.of(sample.toString()),
                                ref,
                                false,
                                out,
                                Map.of(),
                                marks,
                                null,
                                null));
        List<String> all = Files.readAllLines(out.resolve("alerts.jsonl"));
        List<String> alerts =
                all.stream()
                        .filter(
                                l ->
                                        l.matches(
                                                "\\{\"alert_id\":\"[^\"]+\",\"type\":\"EXCEEDANCE.*"))
                        .toList();
        assertEquals(3, alerts.size(), String.join("\n", all));
        // the 02:00 case's order (deadline 17:00, before the input ends) was not answered
        assertEquals(5, all.size(), String.join("\n", all));
        assertTrue(
                all.get(2).contains("\"type\":\"FEEDBACK_OVERDUE\"")
                        && all.get(2).contains(alerts.get(1).substring(13, 49)),
                all.get(2));
        // sorted by window start: the day first, then the two streaks
        // the outfall's daily COD (about 45 mg/L) is over 40
        assertTrue(
                alerts.get(0).contains("\"type\":\"EXCEEDANCE_DAILY\"")
                        && alerts.get(0).contains("\"pollutant\":\"w01018\""),
                alerts.get(0));
        assertTrue(
                alerts.get(1).contains("\"type\":\"EXCEEDANCE_3H\"")
                        && alerts.get(1).contains("\"window_start\":\"2016-08-24T02:00:00+08:00\""),
                alerts.get(1));
        assertTrue(
                alerts.get(1)
                        .contains(
                                "\"detected_at\":\"2016-08-24T05:00:00+08:00\",\"deadline\":\"2016-08-24T17:00:00+08:00\""),
                alerts.get(1));
        assertTrue(
                alerts.get(2).contains("\"window_start\":\"2016-08-24T16:00:00+08:00\""),
                alerts.get(2));
        List<String> events = Files.readAllLines(out.resolve("events.jsonl"));
        assertEquals(1, events.stream().filter(e -> e.contains("\"event\":\"retracted\"")).count());
        assertTrue(
                Files.readString(out.resolve("rejected.jsonl"))
                        .contains("\"reason\":\"BAD_INPUT\""));
        assertEquals(Map.of("BAD_INPUT", 1L), r.counts().rejected);
        assertTrue(
                Files.readString(out.resolve("summary.json"))
                        .contains(
                                "\"alerts\":{\"ESCALATION\":1,\"EXCEEDANCE_3H\":2,\"EXCEEDANCE_DAILY\":1,\"FEEDBACK_OVERDUE\":1}"));
        List<String> orders = Files.readAllLines(out.resolve("orders.csv"));
        assertEquals(
                "alert_id,unit_id,opened_at,deadline,state,answered_at,verdict,escalation_level",
                orders.get(0));
        assertEquals(5, orders.size(), "the retracted case's order is there too: " + orders);
        assertEquals(
                1,
                orders.stream().filter(o -> o.endsWith(",OVERDUE,,,REMINDER")).count(),
                String.join("\n", orders));
        assertEquals(
                1,
                orders.stream().filter(o -> o.contains(",RETRACTED,")).count(),
                String.join("\n", orders));
        // a second run gives the same ids
        Path again = tmp.resolve("again");
        LocalRun.run(
                new LocalRun.Options(
                        List.of(sample.toString()),
                        ref,
                        false,
                        again,
                        Map.of(),
                        marks,
                        null,
                        null));
        assertEquals(all, Files.readAllLines(again.resolve("alerts.jsonl")));
        assertEquals(events, Files.readAllLines(again.resolve("events.jsonl")));
    }

    @Test
    void eventTimeEndsAtTheLastPeriodOfTheInput() throws Exception {
        Path sample = tmp.resolve("scenario.h212");
        SampleScenario.write(sample);
        // the outfall's day cut at 22:00: 22 valid hours make a valid daily mean over the limit,
        // but the day has not ended when the input does, so its alert is not decided
        List<String> cut =
                Files.readAllLines(sample).stream()
                        .filter(
                                l ->
                                        !l.contains("DataTime=2016082422")
                                                && !l.contains("DataTime=2016082423"))
                        .toList();
        Path input = tmp.resolve("cut.h212");
        Files.write(input, cut);
        Path ref = tmp.resolve("ref");
        Files.createDirectories(ref);
        Files.writeString(
                ref.resolve("points.csv"),
                "mn,point_id,unit_id,unit_name,medium,o2_ref,password,minute_interval\n"
                        + SampleScenario.WATER
                        + ",outfall-1,works,Works,water,,sample,\n"
                        + SampleScenario.AIR
                        + ",b,p,P,air,9,,10\n");
        Files.writeString(
                ref.resolve("limits.csv"),
                "point_id,pollutant,limit,averaging\noutfall-1,w01018,40,day\n");
        Path out = tmp.resolve("cut");
        LocalRun.run(new LocalRun.Options(List.of(input.toString()), ref, false, out, Map.of()));
        assertTrue(
                Files.readAllLines(out.resolve("daily.csv")).stream()
                        .anyMatch(
                                l ->
                                        l.startsWith(
                                                        SampleScenario.WATER
                                                                + ",outfall-1,w01018,2016-08-24T00:00:00+08:00,")
                                                && l.contains(",1320,true,")),
                "the daily row is there, valid with 22 hours");
        assertEquals(List.of(), Files.readAllLines(out.resolve("alerts.jsonl")));
    }

    @Test
    void quotaWithSubstitutesAndPermits() throws Exception {
        Path sample = tmp.resolve("scenario.h212");
        SampleScenario.write(sample);
        Path ref = scenarioPoints();
        // SO2: about 13 kg an hour: 320 kg a day; permit 300 kg -> both thresholds crossed that day
        Files.writeString(
                ref.resolve("permits.csv"),
                "unit_id,pollutant,year,permitted_kg\n"
                        + "plant,a21026,2016,300\nplant,a21005,2016,10\n");
        Path subs = tmp.resolve("subs.jsonl");
        // the boiler's hours 14:00 and 15:00 are under maintenance (flag M): manual data for 14:00
        // only
        Files.writeString(
                subs,
                "{\"point_id\":\"boiler-1\",\"pollutant\":\"a21026\",\"from\":\"2016-08-24T14:00:00+08:00\","
                        + "\"to\":\"2016-08-24T15:00:00+08:00\",\"kg_per_hour\":20}\nbroken\n");
        Path out = tmp.resolve("quota");
        LocalRun.Result r =
                LocalRun.run(
                        new LocalRun.Options(
                                List.of(sample.toString()),
                                ref,
                                false,
                                out,
                                Map.of(),
                                null,
                                null,
                                subs));
        List<String> quota = Files.readAllLines(out.resolve("quota.csv"));
        assertEquals(
                "unit_id,pollutant,year,emitted_kg,substituted_kg,permitted_kg,ratio",
                quota.get(0));
        double measured =
                r.hourly().stream()
                        .filter(
                                a ->
                                        a.getMn().equals(SampleScenario.AIR)
                                                && a.getPollutant().equals("a21026")
                                                && a.getEmissionKg() != null)
                        .mapToDouble(a -> a.getEmissionKg())
                        .sum();
        double kg13 =
                r.hourly().stream()
                        .filter(
                                a ->
                                        a.getMn().equals(SampleScenario.AIR)
                                                && a.getPollutant().equals("a21026")
                                                && LocalTimes.iso(a.getPeriodStart())
                                                        .startsWith("2016-08-24T13"))
                        .findFirst()
                        .orElseThrow()
                        .getEmissionKg();
        double kg16 =
                r.hourly().stream()
                        .filter(
                                a ->
                                        a.getMn().equals(SampleScenario.AIR)
                                                && a.getPollutant().equals("a21026")
                                                && LocalTimes.iso(a.getPeriodStart())
                                                        .startsWith("2016-08-24T16"))
                        .findFirst()
                        .orElseThrow()
                        .getEmissionKg();
        double substituted = 20 + (kg13 + kg16) / 2; // 14:00 manual, 15:00 mean of 13:00 and 16:00
        String so2 =
                quota.stream()
                        .filter(l -> l.startsWith("plant,a21026,2016,"))
                        .findFirst()
                        .orElseThrow();
        String[] f = so2.split(",");
        assertEquals(measured + substituted, Double.parseDouble(f[3]), 1e-5);
        assertEquals(substituted, Double.parseDouble(f[4]), 1e-5);
        assertEquals("300", f[5]);
        assertEquals((measured + substituted) / 300, Double.parseDouble(f[6]), 1e-5);
        assertTrue(
                quota.contains("plant,a21005,2016,0,0,10,0"),
                "a permit without emissions: " + quota);
        assertTrue(
                quota.stream()
                        .anyMatch(l -> l.startsWith("plant,a21002,2016,") && l.endsWith(",,")),
                "emitted without a permit: " + quota);
        List<String> alerts = Files.readAllLines(out.resolve("alerts.jsonl"));
        assertEquals(1, alerts.stream().filter(l -> l.contains("\"type\":\"QUOTA_80\"")).count());
        assertEquals(1, alerts.stream().filter(l -> l.contains("\"type\":\"QUOTA_100\"")).count());
        assertEquals(Map.of("BAD_INPUT", 1L), r.counts().rejected);
    }

    /**
     * Units in passes of a few devices give byte for byte the outputs of one pass: every unit's
     * devices, marks, substitutes, limits and permits go to its pass, and an answer or review to an
     * alert of another pass is rejected only once, when no pass knows its alert.
     */
    @Test
    void passesOfUnitsGiveTheOutputsOfOnePass() throws Exception {
        Path dir = tmp.resolve("scenario");
        new org.cemsflow.ops.ParityScenario(3, 4, 11, "PS-").write(dir);
        Path sample = tmp.resolve("sample.h212");
        SampleScenario.write(sample);
        LocalRun.Result one = null;
        // the scenario's units in passes of one unit; the unknown MNs in three passes
        for (int perPass : new int[] {1_000, 3}) {
            int unknownPerPass = perPass == 3 ? 120 : perPass;
            LocalRun.Result r =
                    LocalRun.run(
                            new LocalRun.Options(
                                            List.of(dir.resolve("frames.h212").toString()),
                                            dir.resolve("reference"),
                                            false,
                                            tmp.resolve("scenario-" + perPass),
                                            Map.of(),
                                            dir.resolve("marks.jsonl"),
                                            dir.resolve("feedback.jsonl"),
                                            dir.resolve("substitutes.jsonl"),
                                            dir.resolve("reviews.jsonl"))
                                    .with(LocalRun.StateBackend.HEAP, perPass, true));
            if (one == null) {
                one = r;
            } else {
                assertEquals(one.hourly(), r.hourly());
                assertEquals(one.counts().lines, r.counts().lines);
                assertEquals(one.counts().rejected, r.counts().rejected);
            }
            // without a reference every MN is a unit of its own
            LocalRun.run(
                    new LocalRun.Options(
                                    List.of(sample.toString(), HOUR.toString()),
                                    null,
                                    true,
                                    tmp.resolve("unknown-" + perPass),
                                    Map.of())
                            .with(LocalRun.StateBackend.HEAP, unknownPerPass, true));
        }
        String[] files = {
            "hourly.csv",
            "daily.csv",
            "summary.json",
            "alerts.jsonl",
            "events.jsonl",
            "orders.csv",
            "leads.csv",
            "quota.csv"
        };
        assertSameFiles(tmp.resolve("scenario-1000"), tmp.resolve("scenario-3"), files);
        assertSameFiles(tmp.resolve("unknown-1000"), tmp.resolve("unknown-3"), files);
        for (String run : List.of("scenario-", "unknown-")) {
            List<String> a =
                    Files.readAllLines(tmp.resolve(run + "1000").resolve("rejected.jsonl"));
            List<String> b = Files.readAllLines(tmp.resolve(run + "3").resolve("rejected.jsonl"));
            Collections.sort(a);
            Collections.sort(b);
            assertEquals(a, b, run + "rejected.jsonl");
        }
        assertTrue(
                Files.readString(tmp.resolve("scenario-3").resolve("rejected.jsonl"))
                        .contains("UNKNOWN_ALERT"),
                "the scenario answers and reviews alerts that never were");
        assertTrue(one.alertEvents().size() > 10, "alert events: " + one.alertEvents().size());
    }
}
