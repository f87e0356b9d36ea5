package org.cemsflow.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads ClickHouse over plain HTTP, uncompressed (18.16 answers compressed requests with empty bodies). */
public final class ClickHouseHttp {
    static final String URL =
            System.getProperty("cemsflow.clickhouse.http", "http://127.0.0.1:8123/");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ClickHouseHttp() {}

    public static String query(String sql) throws IOException, InterruptedException {
        return send(URI.create(URL), HttpRequest.BodyPublishers.ofString(sql), sql);
    }

    /** Runs a statement whose input is {@code body} (an INSERT's rows), as the sink sends it. */
    public static void insert(String sql, byte[] body) throws IOException, InterruptedException {
        URI uri = URI.create(URL + "?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
        send(uri, HttpRequest.BodyPublishers.ofByteArray(body), sql);
    }

    /** The answer's text to a POST, or an IOException naming the statement. */
    private static String send(URI uri, HttpRequest.BodyPublisher body, String sql)
            throws IOException, InterruptedException {
        HttpResponse<String> r =
                CLIENT.send(
                        HttpRequest.newBuilder(uri).POST(body).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(
                    "ClickHouse answered " + r.statusCode() + " to [" + sql + "]: " + r.body());
        }
        return r.body();
    }

    /** A Float64 as ClickHouse writes it in text (its shortest decimal, {@code nan}, {@code inf}). */
    public static double parseDouble(String text) {
        return switch (text) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** Rows of a TabSeparated result, without header. */
    public static List<String> rows(String sql) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        query(sql + " FORMAT TabSeparated").lines().forEach(out::add);
        return out;
    }

    /**
     * Applies the project's migrations as scripts/clickhouse-migrate does: the database and the
     * ledger always (IF NOT EXISTS), then each migration not yet in cemsflow.schema_migrations, once
     * (an ALTER cannot run twice on 18.16, which has no ADD COLUMN IF NOT EXISTS).
     */
    public static synchronized void migrate() throws Exception {
        Path dir = org.cemsflow.testkit.Repository.root().resolve("sql/migrations");
        List<Path> all;
        try (Stream<Path> files = Files.list(dir)) {
            all = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        for (Path f : all.subList(0, 2)) {
            query(Files.readString(f));
        }
        List<String> applied = rows("SELECT version FROM cemsflow.schema_migrations");
        for (Path f : all) {
            String version = f.getFileName().toString().replace(".sql", "");
            if (!applied.contains(version)) {
                query(Files.readString(f));
                query("INSERT INTO cemsflow.schema_migrations VALUES ('" + version + "', now())");
            }
        }
    }
}
