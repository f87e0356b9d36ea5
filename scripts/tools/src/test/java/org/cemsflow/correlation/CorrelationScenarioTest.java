package org.cemsflow.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.local.LocalRun;
import org.cemsflow.ops.CorrelationScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeded three-week scenario end to end through run-local: each planted anomaly found once
 * with its window and its end, the clean unit quiet, learned ratings silent until learned.
 */
class CorrelationScenarioTest {
    @TempDir Path tmp;

    @Test
    void plantedAnomaliesAreFoundAndTheCleanUnitStaysQuiet() throws Exception {
        CorrelationScenario.write(tmp);
        LocalRun.Result r =
                LocalRun.run(
                        new LocalRun.Options(
                                List.of(tmp.resolve("frames.h212").toString()),
                                tmp.resolve("reference"),
                                false,
                                tmp.resolve("out"),
                                Map.of(),
                                tmp.resolve("marks.jsonl"),
                                null,
                                null));
        List<Alert> opened =
                r.alertEvents().stream()
                        .filter(e -> e.getEvent() == AlertEventType.OPENED)
                        .map(AlertEvent::getAlert)
                        .filter(
                                a ->
                                        !a.getType().equals("FEEDBACK_OVERDUE")
                                                && !a.getType().equals("ESCALATION"))
                        .collect(Collectors.toList());
        // each planted anomaly once, with its window (end: as far as it was seen when the alert
        // opened)
        List<String> found =
                opened.stream()
                        .map(CorrelationScenarioTest::describe)
                        .sorted()
                        .collect(Collectors.toList());
        assertEquals(
                List.of(),
                found.stream().filter(a -> a.contains("plant-b")).collect(Collectors.toList()),
                "the clean unit");
        assertEquals(
                List.of(
                        "plant-a CONSTANT_VALUE a01014 2025-03-10T00:00:00+08:00 2025-03-10T01:00:00+08:00",
                        "plant-a CONVERSION_MISMATCH a21026 2025-03-10T21:00:00+08:00 2025-03-10T22:00:00+08:00",
                        // silent from the last valid data (13:55), alerted after 60 minutes of it
                        "plant-a DATA_MISSING_WHILE_PRODUCING - 2025-03-09T13:55:00+08:00 2025-03-09T14:55:00+08:00",
                        "plant-a DECLARED_STOP_BUT_RUNNING - 2025-03-10T18:00:00+08:00 2025-03-10T20:00:00+08:00",
                        "plant-a LOAD_DECOUPLING - 2025-03-11T00:00:00+08:00 2025-03-12T00:00:00+08:00",
                        // the spike at 12:00, not the fall to zero at 06:00 (ZERO_VALUE's)
                        "plant-a SUDDEN_CHANGE a21026 2025-03-10T12:00:00+08:00 2025-03-10T12:00:00+08:00",
                        "plant-a TREATMENT_NOT_RUNNING - 2025-03-09T10:00:00+08:00 2025-03-09T10:15:00+08:00",
                        "plant-a ZERO_VALUE a21026 2025-03-10T06:00:00+08:00 2025-03-10T07:00:00+08:00",
                        // learned ratings: day 3 is before any (silent), day 16 after
                        "plant-c DATA_MISSING_WHILE_PRODUCING - 2025-03-17T13:55:00+08:00 2025-03-17T14:55:00+08:00",
                        "plant-c TREATMENT_NOT_RUNNING - 2025-03-17T10:00:00+08:00 2025-03-17T10:15:00+08:00",
                        // producing by its water use; the genuine stop of day 14 is quiet
                        "plant-d DATA_MISSING_WHILE_PRODUCING - 2025-03-13T07:55:00+08:00 2025-03-13T09:00:00+08:00"),
                found);
        // the lasting episodes end where the anomaly ended
        List<String> ends =
                r.alertEvents().stream()
                        .filter(e -> e.getEvent() == AlertEventType.UPDATED)
                        .map(
                                e ->
                                        e.getAlert().getUnitId()
                                                + " "
                                                + e.getAlert().getType()
                                                + " "
                                                + org.cemsflow.time.LocalTimes.iso(
                                                        e.getAlert().getWindowEnd()))
                        .sorted()
                        .collect(Collectors.toList());
        assertEquals(
                List.of(
                        "plant-a CONSTANT_VALUE 2025-03-10T02:55:00+08:00",
                        "plant-a CONVERSION_MISMATCH 2025-03-10T23:55:00+08:00",
                        "plant-a DATA_MISSING_WHILE_PRODUCING 2025-03-09T16:00:00+08:00",
                        "plant-a SUDDEN_CHANGE 2025-03-10T12:00:00+08:00",
                        "plant-a TREATMENT_NOT_RUNNING 2025-03-09T11:00:00+08:00",
                        "plant-a ZERO_VALUE 2025-03-10T07:55:00+08:00",
                        "plant-c DATA_MISSING_WHILE_PRODUCING 2025-03-17T16:00:00+08:00",
                        "plant-c TREATMENT_NOT_RUNNING 2025-03-17T11:00:00+08:00",
                        "plant-d DATA_MISSING_WHILE_PRODUCING 2025-03-13T10:00:00+08:00"),
                ends);
        assertTrue(Files.size(tmp.resolve("out/alerts.jsonl")) > 0);
    }

    static String describe(Alert a) {
        return String.join(
                " ",
                a.getUnitId(),
                a.getType(),
                a.getPollutant() == null ? "-" : a.getPollutant(),
                org.cemsflow.time.LocalTimes.iso(a.getWindowStart()),
                org.cemsflow.time.LocalTimes.iso(a.getWindowEnd()));
    }

    /**
     * Three real hours (bundled captures, unknown devices accepted): the stuck auxiliary values are
     * found, among them the placeholder pressures; there are no meters, so the rules that need
     * production signals stay silent; every episode explains itself. Each finding is a lead for the
     * regulator, not an order to the unit: no order, no escalation. One lead per device and
     * condition: codes stuck at once are one lead, and a device never has two overlapping leads of
     * one type.
     */
    @Test
    void theRealCapturesShowTheirPlaceholders() throws Exception {
        String dir =
                org.cemsflow.testkit.Repository.root()
                        + "/flink-jobs/src/test/resources/hj212/hj212-hebei-2016-08-24/";
        LocalRun.Result r =
                LocalRun.run(
                        new LocalRun.Options(
                                List.of(
                                        dir + "2016-08-24-04.h212.gz",
                                        dir + "2016-08-24-05.h212.gz",
                                        dir + "2016-08-24-06.h212.gz"),
                                null,
                                true,
                                tmp.resolve("real"),
                                Map.of()));
        Map<String, Alert> last = new java.util.TreeMap<>();
        r.alertEvents().stream()
                .filter(org.cemsflow.sinks.ClickHouseTables::changesAlert)
                .forEach(e -> last.put(e.getAlertId(), e.getAlert()));
        List<Alert> leads =
                last.values().stream()
                        .filter(
                                a ->
                                        org.cemsflow.config.CorrelationOptions.ALL_DETECTORS
                                                .contains(a.getType()))
                        .collect(Collectors.toList());
        assertTrue(
                leads.stream().allMatch(a -> a.getChannel() == org.cemsflow.avro.AlertChannel.LEAD),
                "correlation = leads");
        assertEquals(List.of(), r.orders(), "no order to a unit");
        assertTrue(
                r.alertEvents().stream()
                        .noneMatch(
                                e ->
                                        e.getAlert().getType().equals("ESCALATION")
                                                || e.getAlert()
                                                        .getType()
                                                        .equals("FEEDBACK_OVERDUE")),
                "no escalation");
        assertEquals(
                leads.size(),
                r.leads().stream().map(l -> l.alertId).distinct().count(),
                "every lead in leads.csv");
        assertTrue(
                leads.stream()
                        .anyMatch(
                                a ->
                                        a.getType().equals("CONSTANT_VALUE")
                                                && a.getEvidence().contains("\"a01014\":")),
                "a stuck humidity");
        assertTrue(
                leads.stream()
                        .anyMatch(
                                a ->
                                        a.getType().equals("CONSTANT_VALUE")
                                                && (a.getEvidence()
                                                        .matches(
                                                                ".*\"a01013\":\\{\"value\":(-5000|123\\.456|2000)[,}].*"))),
                "a placeholder pressure");
        assertTrue(
                leads.stream()
                        .anyMatch(
                                a ->
                                        a.getPollutant() == null
                                                && a.getEvidence().contains("\"codes_count\":")
                                                && !a.getEvidence().contains("\"codes_count\":1,")),
                "codes stuck at once are one lead");
        assertEquals(
                List.of(),
                leads.stream()
                        .map(Alert::getType)
                        .filter(
                                t ->
                                        t.equals("TREATMENT_NOT_RUNNING")
                                                || t.equals("DATA_MISSING_WHILE_PRODUCING")
                                                || t.equals("DECLARED_STOP_BUT_RUNNING")
                                                || t.equals("LOAD_DECOUPLING"))
                        .distinct()
                        .collect(Collectors.toList()),
                "no meters, no production signals");
        for (Alert a : leads) {
            assertTrue(a.getEvidence().contains("\"records\":"), a.toString());
        }
        // one lead per device and condition: a device's leads of one type do not overlap
        Map<String, List<Alert>> byDevice =
                leads.stream().collect(Collectors.groupingBy(a -> a.getType() + " " + a.getMn()));
        for (List<Alert> episodes : byDevice.values()) {
            episodes.sort(java.util.Comparator.comparingLong(Alert::getWindowStart));
            for (int i = 1; i < episodes.size(); i++) {
                assertTrue(
                        episodes.get(i).getWindowStart() >= episodes.get(i - 1).getWindowEnd(),
                        episodes.toString());
            }
        }
    }
}
