package org.cemsflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cemsflow.local.LocalRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser, headless Chromium (Debian's {@code chromium}, which .ci/run
 * installs), driven over the DevTools protocol: the page loads from its file with no console
 * error and no exception (ECharts is inlined: nothing is fetched), every chart div has its chart
 * instance, and the charts hold the series and data points of the known input (the bundled
 * scenario day, counted here from run-local's own CSV). A screenshot is kept as a test artifact
 * (target/report-screenshot.png).
 */
class ReportBrowserIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String POINT = "boiler-1-stack";
    static final String UNIT = "sample-power-plant";

    @Test
    void theReportOpensOfflineWithEveryChartAndItsData(@TempDir Path tmp) throws Exception {
        Path root = org.cemsflow.testkit.Repository.root();
        Path out = tmp.resolve("run");
        LocalRun.run(
                new LocalRun.Options(
                        List.of(
                                root.resolve("scripts/sample/frames/scenario-2016-08-24.h212")
                                        .toString()),
                        root.resolve("scripts/sample/reference"),
                        false,
                        out,
                        Map.of()));
        Path html =
                Report.write(
                        null,
                        out,
                        root.resolve("scripts/sample/reference"),
                        "2016-08",
                        null,
                        tmp.resolve("report.html"));
        // what the charts must hold, counted from the run's CSV
        long validNoxHours =
                Files.readAllLines(out.resolve("hourly.csv")).stream()
                        .filter(l -> l.contains("," + POINT + ",a21002,") && l.contains(",true,"))
                        .count();
        long noxAlerts =
                0; // the rule alerts of the stack's NOx: the shaded windows (the workflow's own are
        // in the table)
        for (String line : Files.readAllLines(out.resolve("alerts.jsonl"))) {
            JsonNode a = JSON.readTree(line);
            if (a.get("point_id").asText().equals(POINT)
                    && a.get("pollutant").asText().equals("a21002")
                    && !org.cemsflow.model.AlertType.valueOf(a.get("type").asText()).workflow()) {
                noxAlerts++;
            }
        }
        assertTrue(
                validNoxHours > 10 && noxAlerts > 0,
                validNoxHours + " hours, " + noxAlerts + " alerts");

        // the profile apart from tmp: a process of Chromium's that outlives close() must not fail
        // the test by writing to it while JUnit deletes tmp
        Path profile = Files.createTempDirectory("cemsflow-chromium");
        try (Browser b = Browser.start(profile)) {
            b.call("Runtime.enable", null);
            b.call("Log.enable", null);
            b.call("Page.enable", null);
            b.call(
                    "Emulation.setDeviceMetricsOverride",
                    JSON.createObjectNode()
                            .put("width", 1280)
                            .put("height", 2200)
                            .put("deviceScaleFactor", 1)
                            .put("mobile", false));
            b.call("Page.navigate", JSON.createObjectNode().put("url", html.toUri().toString()));
            long until = System.currentTimeMillis() + 60_000;
            while (!b.evaluate("window.cemsflowReady === true").asBoolean(false)) {
                assertTrue(
                        System.currentTimeMillis() < until,
                        "the page did not draw its charts in 60 s; errors: " + b.errors);
                Thread.sleep(200);
            }
            JsonNode drawn =
                    JSON.readTree(
                            b.evaluate(
                                            "JSON.stringify({ids: Array.from(document.querySelectorAll('div.chart'))"
                                                    + ".map(e => e.id), charts: Object.fromEntries(Object.entries(window.cemsflowCharts).map(([id, c]) => [id,"
                                                    + " c.getOption().series.map(s => ({name: s.name, type: s.type, n: (s.data || []).length,"
                                                    + " areas: s.markArea && s.markArea.data ? s.markArea.data.length : 0}))]))})")
                                    .asText());
            JsonNode charts = drawn.get("charts");
            assertEquals(
                    drawn.get("ids").size(),
                    charts.size(),
                    "every chart div has its chart instance");
            JsonNode hourly = charts.get("hourly|" + POINT + "|a21002");
            assertTrue(hourly != null, "the NOx series of the stack: " + charts.fieldNames());
            assertEquals("小时均值 Hourly mean", hourly.get(0).get("name").asText());
            assertEquals(
                    validNoxHours, hourly.get(0).get("n").asLong(), "one point per valid hour");
            assertEquals(
                    noxAlerts, hourly.get(0).get("areas").asLong(), "one shaded window per alert");
            assertEquals("限值 Limit", hourly.get(1).get("name").asText());
            assertTrue(hourly.get(1).get("n").asLong() > 0, "the limit in force is drawn");
            JsonNode capture = charts.get("capture|" + UNIT);
            assertEquals(31, capture.get(0).get("n").asInt(), "a capture rate per day of August");
            JsonNode quota = charts.get("quota|" + UNIT + "|a21002");
            assertEquals("累计排放量 Cumulative emissions (kg)", quota.get(0).get("name").asText());
            assertTrue(quota.get(0).get("n").asInt() > 0);
            assertTrue(
                    charts.has("daily|" + POINT) && charts.has("rejections|" + UNIT),
                    charts.toString());
            // one section per unit with data in the month, each with its table of orders, notices
            // and leads
            assertEquals(
                    b.evaluate("document.querySelectorAll('section.unit').length").asInt(),
                    b.evaluate("document.querySelectorAll('section.unit table.actions').length")
                            .asInt());
            assertTrue(
                    b.evaluate("document.body.innerText.includes('EXCEEDANCE_3H')").asBoolean(),
                    "the alerts' table");

            // the whole page in the artifact: the viewport as tall as the document
            int height =
                    Math.min(16_000, b.evaluate("document.documentElement.scrollHeight").asInt());
            b.call(
                    "Emulation.setDeviceMetricsOverride",
                    JSON.createObjectNode()
                            .put("width", 1280)
                            .put("height", height)
                            .put("deviceScaleFactor", 1)
                            .put("mobile", false));
            b.evaluate("Object.values(window.cemsflowCharts).forEach(c => c.resize()); true");
            JsonNode shot =
                    b.call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
            Path png = Path.of("target/report-screenshot.png").toAbsolutePath();
            Files.write(png, Base64.getDecoder().decode(shot.get("data").asText()));
            System.err.println("report screenshot: " + png);
            assertEquals(List.of(), b.errors, "no console error and no exception");
        } finally {
            deleteQuietly(profile);
        }
    }

    /** Deletes a directory tree as far as it can: what is left is the system's temp to clean. */
    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (java.io.IOException e) {
                                    // a file a late Chromium process still writes: left behind
                                }
                            });
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // as above
        }
    }

    /** Headless Chromium and one page of it over the DevTools protocol. */
    static final class Browser implements AutoCloseable, WebSocket.Listener {
        final Process process;
        final WebSocket socket;
        final List<String> errors = new CopyOnWriteArrayList<>();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();

        private Browser(Process process, String pageSocket) throws Exception {
            this.process = process;
            this.socket =
                    HttpClient.newHttpClient()
                            .newWebSocketBuilder()
                            .buildAsync(URI.create(pageSocket), this)
                            .get(30, TimeUnit.SECONDS);
        }

        static Browser start(Path profile) throws Exception {
            Path chromium = Path.of("/usr/bin/chromium");
            assertTrue(Files.isExecutable(chromium), "Debian's chromium (.ci/run installs it)");
            // the flags that keep it from reaching for the network this machine does not have
            Process p =
                    new ProcessBuilder(
                                    chromium.toString(),
                                    "--headless",
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-quic",
                                    "--no-first-run",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync",
                                    "--disable-dev-shm-usage",
                                    "--user-data-dir=" + profile,
                                    "--remote-debugging-port=0",
                                    "about:blank")
                            .redirectErrorStream(true)
                            .start();
            BufferedReader lines =
                    new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening =
                    Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
            String port = null;
            for (String line = lines.readLine();
                    line != null && port == null;
                    line = lines.readLine()) {
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    port = m.group(1);
                }
            }
            assertTrue(port != null, "chromium did not say where DevTools listens");
            Thread drain = new Thread(() -> lines.lines().forEach(l -> {}), "chromium-output");
            drain.setDaemon(true);
            drain.start();
            HttpResponse<String> list =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/json/list"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode t : JSON.readTree(list.body())) {
                if (t.get("type").asText().equals("page")
                        && t.get("url").asText().equals("about:blank")) {
                    return new Browser(p, t.get("webSocketDebuggerUrl").asText());
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("no blank page in " + list.body());
        }

        JsonNode call(String method, ObjectNode params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
            if (params != null) {
                msg.set("params", params);
            }
            socket.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
            JsonNode r = answer.get(60, TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + ": " + r.get("error"));
            }
            return r.get("result");
        }

        JsonNode evaluate(String expression) throws Exception {
            JsonNode r =
                    call(
                            "Runtime.evaluate",
                            JSON.createObjectNode()
                                    .put("expression", expression)
                                    .put("returnByValue", true));
            if (r.has("exceptionDetails")) {
                throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value");
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode msg = JSON.readTree(text);
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        event(msg.path("method").asText(), msg.path("params"));
                    }
                } catch (Exception e) {
                    errors.add("unreadable DevTools message: " + e);
                }
            }
            ws.request(1);
            return null;
        }

        private void event(String method, JsonNode params) {
            switch (method) {
                case "Runtime.exceptionThrown" ->
                        errors.add("exception: " + params.path("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    if (params.path("type").asText().equals("error")) {
                        errors.add("console.error: " + params.path("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    if (params.path("entry").path("level").asText().equals("error")) {
                        errors.add("log: " + params.path("entry").path("text").asText());
                    }
                }
                default -> {}
            }
        }

        /**
         * Stops Chromium and the processes it started (renderer, GPU, crash handler), which write
         * to the profile until they exit, so the profile can be deleted after.
         */
        @Override
        public void close() {
            socket.abort();
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                for (ProcessHandle child : children) {
                    child.destroy();
                    try {
                        child.onExit().get(10, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException
                            | java.util.concurrent.TimeoutException e) {
                        child.destroyForcibly();
                    }
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                Thread.currentThread().interrupt();
            }
        }
    }
}
