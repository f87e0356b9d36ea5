package org.cemsflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What a running job shows on Flink's REST API: its watermarks and its checkpoints. */
final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;
    private final String job;

    FlinkRest(URI base, String job) {
        this.base = base;
        this.job = job;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                client.send(
                        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * The lowest input watermark of the subtasks of the vertices whose name contains {@code name};
     * Long.MIN_VALUE while any of them has none yet.
     */
    long inputWatermark(String name) throws IOException, InterruptedException {
        long low = Long.MAX_VALUE;
        boolean found = false;
        for (JsonNode v : get("/jobs/" + job).path("vertices")) {
            if (!v.path("name").asText().contains(name)) {
                continue;
            }
            found = true;
            JsonNode marks =
                    get("/jobs/" + job + "/vertices/" + v.path("id").asText() + "/watermarks");
            if (marks.size() == 0) {
                return Long.MIN_VALUE;
            }
            for (JsonNode m : marks) {
                low = Math.min(low, Long.parseLong(m.path("value").asText()));
            }
        }
        if (!found) {
            throw new IllegalStateException("no vertex named like '" + name + "'");
        }
        return low;
    }

    /**
     * Every vertex of the job with how far its event time got: the lowest, over its subtasks, of the
     * highest of its input watermark and its operators' output watermarks (a two-input operator with
     * an idle broadcast input reports no input watermark, though it passes its keyed input's on).
     */
    java.util.Map<String, Long> eventTimes() throws IOException, InterruptedException {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (JsonNode v : get("/jobs/" + job).path("vertices")) {
            String vertex = "/jobs/" + job + "/vertices/" + v.path("id").asText();
            java.util.Map<String, Long> bySubtask = new java.util.HashMap<>();
            java.util.List<String> ids = new java.util.ArrayList<>();
            for (JsonNode m : get(vertex + "/metrics")) {
                String id = m.path("id").asText();
                if (id.endsWith(".currentInputWatermark")
                        || id.endsWith(".currentOutputWatermark")) {
                    ids.add(id);
                }
            }
            for (int i = 0; i < ids.size(); i += 20) {
                String batch = String.join(",", ids.subList(i, Math.min(ids.size(), i + 20)));
                for (JsonNode m :
                        get(
                                vertex
                                        + "/metrics?get="
                                        + java.net.URLEncoder.encode(
                                                batch, java.nio.charset.StandardCharsets.UTF_8))) {
                    String subtask =
                            m.path("id").asText().substring(0, m.path("id").asText().indexOf('.'));
                    bySubtask.merge(subtask, Long.parseLong(m.path("value").asText()), Math::max);
                }
            }
            out.put(
                    v.path("name").asText(),
                    bySubtask.values().stream()
                            .mapToLong(Long::longValue)
                            .min()
                            .orElse(Long.MIN_VALUE));
        }
        return out;
    }

    /** How often the job restarted (from a failure). */
    long restarts() throws IOException, InterruptedException {
        JsonNode m = get("/jobs/" + job + "/metrics?get=numRestarts");
        return m.size() == 0 ? 0 : m.get(0).path("value").asLong();
    }

    /** Names of the vertices that read a keyed (hash-partitioned) input: where event-time state and timers live. */
    java.util.Set<String> keyedVertices() throws IOException, InterruptedException {
        java.util.Set<String> keyed = new java.util.HashSet<>();
        java.util.Map<String, String> names = new java.util.HashMap<>();
        for (JsonNode v : get("/jobs/" + job).path("vertices")) {
            names.put(v.path("id").asText(), v.path("name").asText());
        }
        for (JsonNode n : get("/jobs/" + job + "/plan").path("plan").path("nodes")) {
            for (JsonNode in : n.path("inputs")) {
                if (in.path("ship_strategy").asText().equals("HASH")) {
                    keyed.add(names.get(n.path("id").asText()));
                }
            }
        }
        return keyed;
    }

    long completedCheckpoints() throws IOException, InterruptedException {
        return get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
    }
}
