package org.cemsflow.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cemsflow.avro.AlertEvent;
import org.cemsflow.avro.AlertEventType;
import org.cemsflow.local.LocalRun;
import org.cemsflow.model.AlertType;
import org.cemsflow.ops.CorrelationScenario;
import org.cemsflow.ops.ParityScenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert contract of schemas/README.md: every alert type has a JSON schema of its evidence in
 * schemas/evidence, and every event that the pipelines raise on the scenarios (which between them
 * raise every type) carries evidence valid against it; an order's or a lead's event carries the
 * order or lead, the change and the alert's own evidence, each valid against its schema. An
 * alert's {@code rule} is its type's clause.
 */
class EvidenceSchemasTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<AlertEventType> ALERT_EVENTS =
            EnumSet.of(
                    AlertEventType.OPENED,
                    AlertEventType.UPDATED,
                    AlertEventType.RETRACTED,
                    AlertEventType.REOPENED);
    static final List<AlertEvent> EVENTS = new ArrayList<>();

    @BeforeAll
    static void runScenarios(@TempDir Path tmp) throws Exception {
        Path parity = tmp.resolve("parity");
        ParityScenario scenario = new ParityScenario(6, 4, 7, "");
        scenario.write(parity);
        EVENTS.addAll(
                LocalRun.run(
                                new LocalRun.Options(
                                        List.of(parity.resolve("frames.h212").toString()),
                                        parity.resolve("reference"),
                                        false,
                                        tmp.resolve("parity-out"),
                                        Map.of(),
                                        parity.resolve("marks.jsonl"),
                                        parity.resolve("feedback.jsonl"),
                                        parity.resolve("substitutes.jsonl"),
                                        parity.resolve("reviews.jsonl")))
                        .alertEvents());
        Path correlation = tmp.resolve("correlation");
        CorrelationScenario.write(correlation);
        EVENTS.addAll(
                LocalRun.run(
                                new LocalRun.Options(
                                        List.of(correlation.resolve("frames.h212").toString()),
                                        correlation.resolve("reference"),
                                        false,
                                        tmp.resolve("correlation-out"),
                                        Map.of(),
                                        correlation.resolve("marks.jsonl"),
                                        null,
                                        null,
                                        null))
                        .alertEvents());
    }

    static Path schemas() {
        return org.cemsflow.testkit.Repository.root().resolve("schemas/evidence");
    }

    static JsonSchema schema(String name) throws Exception {
        try (InputStream in = Files.newInputStream(schemas().resolve(name + ".json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void everyEventsEvidenceIsValidAgainstItsSchema() throws Exception {
        Map<String, JsonSchema> byType = new HashMap<>();
        for (AlertType t : AlertType.values()) {
            byType.put(t.name(), schema(t.name()));
        }
        JsonSchema order = schema("order-event");
        JsonSchema lead = schema("lead-event");
        Map<String, Integer> checked = new TreeMap<>();
        List<String> invalid = new ArrayList<>();
        for (AlertEvent e : EVENTS) {
            String type = e.getAlert().getType();
            JsonNode evidence = JSON.readTree(e.getAlert().getEvidence());
            List<String> problems = new ArrayList<>();
            if (ALERT_EVENTS.contains(e.getEvent())) {
                problems.addAll(messages(byType.get(type).validate(evidence)));
            } else {
                JsonSchema envelope = e.getEvent() == AlertEventType.REVIEWED ? lead : order;
                problems.addAll(messages(envelope.validate(evidence)));
                problems.addAll(
                        messages(byType.get(type).validate(evidence.get("alert_evidence"))));
            }
            if (!problems.isEmpty() && invalid.size() < 20) {
                invalid.add(type + " " + e.getEvent() + ": " + problems + " in " + evidence);
            }
            checked.merge(type, 1, Integer::sum);
            assertEquals(
                    AlertType.valueOf(type).clause(),
                    e.getAlert().getRule(),
                    "the rule is the type's clause");
        }
        assertEquals(List.of(), invalid);
        for (AlertType t : AlertType.values()) {
            assertTrue(
                    checked.containsKey(t.name()),
                    "the scenarios raise every type; not " + t + ": " + checked);
        }
    }

    @Test
    void aClauseNamesTheRegulationNotAProjectDocument() {
        for (AlertType t : AlertType.values()) {
            assertTrue(t.clause().startsWith("Inner Mongolia 2021 guideline"), t.name());
            assertTrue(!t.clause().contains(".md"), t.name());
        }
    }

    private static List<String> messages(Set<ValidationMessage> found) {
        return found.stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
