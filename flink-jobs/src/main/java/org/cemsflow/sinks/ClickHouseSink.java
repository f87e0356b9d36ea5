package org.cemsflow.sinks;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows to a ClickHouse table over its HTTP interface (one {@code INSERT ... FORMAT RowBinary}
 * request per batch, the rows as the request body; TabSeparated when the table has a column type
 * or a batch a value that {@link ColumnType} does not write exactly), in two phases. Guarantees that the table
 * holds exactly the rows of completed checkpoints: the writer binds each row's column values and
 * keeps them; at a checkpoint barrier (or the end of a bounded input) it hands them over as
 * {@link RowBatch}es, which are part of the checkpoint; only when the checkpoint has completed
 * does the committer insert them. A job that fails therefore never leaves rows that its restored
 * state would not produce again (an earlier revision of a row written by a failed attempt could
 * otherwise outrank the replay's). A batch is inserted again after a failure during commit; the
 * tables are keyed so that a row written twice is one row. A failed insert is retried with
 * exponential backoff and then fails the job (its restart strategy takes over, and the restored
 * checkpoint commits the batch again): rows are never dropped. Rows therefore appear in ClickHouse
 * one checkpoint interval after they were decided.
 */
public final class ClickHouseSink<T> implements Sink<T>, SupportsCommitter<RowBatch> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);

    /** Binds one row to its column values, in column order (1-based). */
    @FunctionalInterface
    public interface RowBinder<T> extends Serializable {
        void bind(RowBatch.Row to, T row);
    }

    private final ClickHouseConnection connection;
    private final String table;
    private final List<String> columns;
    private final RowBinder<T> binder;
    private final int batchSize;
    private final int maxRetries;

    public ClickHouseSink(
            ClickHouseConnection connection,
            String table,
            List<String> columns,
            RowBinder<T> binder,
            int batchSize,
            int maxRetries) {
        this.connection = connection;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.binder = binder;
        this.batchSize = batchSize;
        this.maxRetries = maxRetries;
    }

    @Override
    public CommittingSinkWriter<T, RowBatch> createWriter(WriterInitContext context) {
        return new Writer();
    }

    @Override
    public Committer<RowBatch> createCommitter(CommitterInitContext context) {
        var metrics = context.metricGroup().addGroup("table", table);
        return new Inserter(
                metrics.counter("clickhouseRetries"),
                metrics.counter("clickhouseRowsWritten"),
                metrics.counter("clickhouseBytesWritten"));
    }

    @Override
    public SimpleVersionedSerializer<RowBatch> getCommittableSerializer() {
        return new RowBatch.Serializer(columns.size());
    }

    /** The statement whose input is the rows in {@code format}. */
    String insertSql(String format) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") FORMAT " + format;
    }

    /** Binds rows as they come and hands them over, in batches of at most batchSize, at each barrier. */
    private final class Writer implements CommittingSinkWriter<T, RowBatch> {
        private final List<RowBatch> ready = new ArrayList<>();
        private RowBatch open = new RowBatch(columns.size());

        @Override
        public void write(T element, Context context) {
            binder.bind(open.add(), element);
            if (open.size() >= batchSize) {
                open.seal();
                ready.add(open);
                open = new RowBatch(columns.size());
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            // nothing is written before its checkpoint completes; prepareCommit hands the rows over
        }

        @Override
        public Collection<RowBatch> prepareCommit() {
            if (open.size() > 0) {
                open.seal();
                ready.add(open);
                open = new RowBatch(columns.size());
            }
            List<RowBatch> out = new ArrayList<>(ready);
            ready.clear();
            return out;
        }

        @Override
        public void close() {}
    }

    /** Inserts the batches of a completed checkpoint, retrying with backoff. */
    private final class Inserter implements Committer<RowBatch> {
        private final Counter retries;
        private final Counter rowsWritten;
        private final Counter bytesWritten;

        /**
         * Which of the columns are DateTime, from the table's definition, asked again at each
         * commit that has rows: RowBinary is only right for the types the table has now (a
         * migration may widen a column or add an Enum's value while the job runs).
         */
        private boolean[] dateTimes;

        /** Whether this commit (or this attempt, after a failed one) has read the types. */
        private boolean typesAsked;

        /** The columns' types for RowBinary; null when one of them has a type it does not write. */
        private ColumnType[] types;

        /** Whether a batch of a table with a binary form was written as text before (logged once). */
        private boolean textBatchLogged;

        /** The format the table's types gave last, as logged. */
        private String format;

        private final String binarySql = insertSql("RowBinary");
        private final String textSql = insertSql("TabSeparated");
        private final ClickHouseConnection.Target target = connection.target();
        private final HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1) // 18.16 speaks no HTTP/2
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();

        Inserter(Counter retries, Counter rowsWritten, Counter bytesWritten) {
            this.retries = retries;
            this.rowsWritten = rowsWritten;
            this.bytesWritten = bytesWritten;
        }

        @Override
        public void commit(Collection<CommitRequest<RowBatch>> requests)
                throws IOException, InterruptedException {
            typesAsked = false;
            for (CommitRequest<RowBatch> request : requests) {
                insertWithRetries(request.getCommittable());
            }
        }

        private void insertWithRetries(RowBatch batch) throws IOException, InterruptedException {
            if (batch.size() == 0) {
                return;
            }
            long backoff = 200;
            for (int attempt = 0; ; attempt++) {
                try {
                    if (!typesAsked) {
                        columnTypes();
                        typesAsked = true;
                    }
                    Bytes body = types == null ? null : batch.rowBinary(types);
                    if (body != null) {
                        send(binarySql, body);
                    } else {
                        if (types != null && !textBatchLogged) {
                            textBatchLogged = true; // once: it is the server's to refuse or take
                            LOG.info(
                                    "ClickHouse sink into {}: a batch of {} rows as TabSeparated,"
                                            + " for a value without an exact RowBinary form",
                                    table,
                                    batch.size());
                        }
                        body = batch.tabSeparated(dateTimes);
                        send(textSql, body);
                    }
                    rowsWritten.inc(batch.size());
                    bytesWritten.inc(body.length());
                    return;
                } catch (IOException | RuntimeException e) {
                    typesAsked = false; // the table may have changed
                    if (attempt >= maxRetries) {
                        throw new IOException(
                                "ClickHouse insert into "
                                        + table
                                        + " failed after "
                                        + (attempt + 1)
                                        + " attempts ("
                                        + batch.size()
                                        + " rows kept in the checkpoint for the restart): "
                                        + e.getMessage(),
                                e);
                    }
                    retries.inc();
                    LOG.warn(
                            "ClickHouse insert into {} failed (attempt {}), retrying in {} ms: {}",
                            table,
                            attempt + 1,
                            backoff,
                            e.getMessage());
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }

        /**
         * The columns' types, from system.columns: which are DateTime (or Nullable DateTime), and
         * their RowBinary forms if all have one.
         */
        private void columnTypes() throws IOException, InterruptedException {
            int dot = table.indexOf('.');
            String database = dot < 0 ? "currentDatabase()" : quote(table.substring(0, dot));
            String name = quote(dot < 0 ? table : table.substring(dot + 1));
            String answer =
                    send(
                            "SELECT name, type FROM system.columns WHERE database = "
                                    + database
                                    + " AND table = "
                                    + name
                                    + " FORMAT TabSeparated",
                            new Bytes(0));
            java.util.Map<String, String> byName = new java.util.HashMap<>();
            for (String line : answer.split("\n")) {
                String[] f = line.split("\t");
                if (f.length == 2) {
                    byName.put(unescape(f[0]), unescape(f[1]));
                }
            }
            boolean[] dateTime = new boolean[columns.size()];
            ColumnType[] binary = new ColumnType[columns.size()];
            String textual = null;
            for (int i = 0; i < dateTime.length; i++) {
                String type = byName.get(columns.get(i));
                if (type == null) {
                    throw new IOException("table " + table + " has no column " + columns.get(i));
                }
                dateTime[i] = type.startsWith("DateTime") || type.startsWith("Nullable(DateTime");
                binary[i] = ColumnType.parse(type);
                if (binary[i] == null && textual == null) {
                    textual = columns.get(i) + " " + type;
                }
            }
            String format = textual == null ? "RowBinary" : "TabSeparated, for column " + textual;
            if (!format.equals(this.format)) {
                LOG.info("ClickHouse sink into {}: {}", table, format);
                this.format = format;
            }
            types = textual == null ? binary : null;
            dateTimes = dateTime;
        }

        /** A TabSeparated field's text: system.columns writes a type's quotes as \'. */
        private static String unescape(String field) {
            StringBuilder out = new StringBuilder(field.length());
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c == '\\' && i + 1 < field.length()) {
                    char e = field.charAt(++i);
                    out.append(
                            switch (e) {
                                case 't' -> '\t';
                                case 'n' -> '\n';
                                case 'r' -> '\r';
                                case '0' -> '\0';
                                default -> e;
                            });
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        private static String quote(String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }

        /** Runs one statement with {@code body} as its input: the answer's text, or an IOException. */
        private String send(String sql, Bytes body) throws IOException, InterruptedException {
            HttpResponse<String> r =
                    http.send(
                            target.post(sql, body),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                String text = r.body().strip();
                throw new IOException(
                        "HTTP "
                                + r.statusCode()
                                + ": "
                                + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
            }
            return r.body();
        }

        @Override
        public void close() {
            // the client's connections close with it
        }
    }

    /**
     * Where ClickHouse is: {@code jdbc:clickhouse://host:port/database} (the form the settings have
     * always taken; {@code ?ssl=true} means HTTPS) or {@code http(s)://host:port/database}.
     * Credentials are read from the environment of the task manager, never from the URL.
     */
    public record ClickHouseConnection(String url) implements Serializable {
        public static final String USER_ENV = "CEMSFLOW_CLICKHOUSE_USER";
        public static final String PASSWORD_ENV = "CEMSFLOW_CLICKHOUSE_PASSWORD";
        private static final Pattern URL =
                Pattern.compile(
                        "(?:jdbc:(?:clickhouse|ch):)?(?:(https?):)?//([^/?#]+)(?:/([^?#]*))?(?:\\?([^#]*))?");

        /** The HTTP endpoint and database of the URL. */
        URI endpoint() {
            Matcher m = URL.matcher(url);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a ClickHouse URL: " + url);
            }
            String query = m.group(4) == null ? "" : m.group(4);
            boolean ssl = "https".equals(m.group(1)) || ("&" + query + "&").contains("&ssl=true&");
            String database = m.group(3) == null || m.group(3).isEmpty() ? "default" : m.group(3);
            return URI.create(
                    (ssl ? "https" : "http")
                            + "://"
                            + m.group(2)
                            + "/?database="
                            + URLEncoder.encode(database, StandardCharsets.UTF_8));
        }

        /** The endpoint and the credentials of the task manager's environment, read once. */
        Target target() {
            String user = System.getenv(USER_ENV);
            String password = System.getenv(PASSWORD_ENV);
            return new Target(
                    endpoint(),
                    user == null || user.isEmpty() ? "default" : user,
                    password == null ? "" : password);
        }

        /** Where the statements go and as whom. */
        record Target(URI endpoint, String user, String password) {
            /** The POST of one statement: the statement in the URL, its input (the rows) as the body. */
            HttpRequest post(String sql, Bytes body) {
                return HttpRequest.newBuilder(
                                URI.create(
                                        endpoint
                                                + "&query="
                                                + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofMinutes(5))
                        .header("X-ClickHouse-User", user)
                        .header("X-ClickHouse-Key", password)
                        .POST(
                                HttpRequest.BodyPublishers.ofByteArray(
                                        body.array(), body.start(), body.length()))
                        .build();
            }
        }
    }
}
