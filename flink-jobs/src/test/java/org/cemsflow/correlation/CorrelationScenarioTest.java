package org.cemsflow.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cemsflow.avro.Alert;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.local.CorrelationScenario;
import org.cemsflow.local.LocalRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seeded scenario end to end through run-local: planted anomalies found, the clean unit quiet. */
class CorrelationScenarioTest {
    @TempDir
    Path tmp;

    @Test
    void plantedAnomaliesAreFoundAndTheCleanUnitStaysQuiet() throws Exception {
        CorrelationScenario.write(tmp);
        LocalRun.Result r = LocalRun.run(new LocalRun.Options(List.of(tmp.resolve("frames.h212").toString()),
                tmp.resolve("reference"), false, tmp.resolve("out"), Map.of("correlation.enabled", "true"),
                tmp.resolve("marks.jsonl"), null, null));
        List<Alert> opened = r.alertEvents().stream().filter(e -> e.getEvent() == AlertEventType.OPENED)
                .map(AlertEvent::getAlert).filter(a -> !a.getType().equals("FEEDBACK_OVERDUE") && !a.getType().equals("ESCALATION"))
                .collect(Collectors.toList());
        Set<String> onA = opened.stream().filter(a -> "plant-a".equals(a.getUnitId())).map(Alert::getType)
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> onB = opened.stream().filter(a -> "plant-b".equals(a.getUnitId()))
                .map(a -> a.getType() + " " + a.getPollutant() + " " + org.cemsflow.config.LocalTimes.iso(a.getWindowStart()))
                .collect(Collectors.toList());
        assertEquals(List.of(), onB, "the clean unit");
        assertEquals(new TreeSet<>(Set.of("TREATMENT_NOT_RUNNING", "DATA_MISSING_WHILE_PRODUCING", "CONSTANT_VALUE",
                "ZERO_VALUE", "SUDDEN_CHANGE", "CONVERSION_MISMATCH", "LOAD_DECOUPLING", "DECLARED_STOP_BUT_RUNNING")), onA,
                opened.stream().map(a -> a.getType() + " " + a.getPollutant() + " " + org.cemsflow.config.LocalTimes.iso(a.getWindowStart()))
                        .collect(Collectors.joining("\n")));
        assertTrue(Files.size(tmp.resolve("out/alerts.jsonl")) > 0);
    }
}
