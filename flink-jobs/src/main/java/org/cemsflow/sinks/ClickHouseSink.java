package org.cemsflow.sinks;

import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows to a ClickHouse table with clickhouse-jdbc in batches. Guarantees at least once:
 * the buffer is written before every checkpoint completes (Flink calls {@code flush} before the
 * barrier), so a restore replays only rows that were not yet acknowledged; the tables are keyed so
 * that a replayed row replaces itself. A failed batch is retried with exponential backoff and then
 * fails the job (its restart strategy takes over): rows are never dropped.
 */
public final class ClickHouseSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);

    /** Binds one row to the insert statement's parameters, in column order. */
    @FunctionalInterface
    public interface RowBinder<T> extends Serializable {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private final ClickHouseConnection connection;
    private final String table;
    private final List<String> columns;
    private final RowBinder<T> binder;
    private final int batchSize;
    private final long flushIntervalMs;
    private final int maxRetries;

    public ClickHouseSink(ClickHouseConnection connection, String table, List<String> columns, RowBinder<T> binder,
                          int batchSize, Duration flushInterval, int maxRetries) {
        this.connection = connection;
        this.table = table;
        this.columns = List.copyOf(columns);
        this.binder = binder;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushInterval.toMillis();
        this.maxRetries = maxRetries;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        // the driver registers itself with DriverManager when its class loads; unregistered, it would
        // keep the job's class loader (and its metaspace) alive after every restart of the job
        context.getUserCodeClassLoader().registerReleaseHookIfAbsent("cemsflow-clickhouse-driver",
                ClickHouseSink::deregisterDrivers);
        var metrics = context.metricGroup().addGroup("table", table);
        return new Writer(context.getProcessingTimeService(), metrics.counter("clickhouseRetries"),
                metrics.counter("clickhouseRowsWritten"));
    }

    /** Deregisters the JDBC drivers that this job's class loader loaded. */
    static void deregisterDrivers() {
        ClassLoader mine = ClickHouseSink.class.getClassLoader();
        for (java.sql.Driver d : java.util.Collections.list(java.sql.DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() == mine) {
                try {
                    java.sql.DriverManager.deregisterDriver(d);
                } catch (java.sql.SQLException e) {
                    LOG.warn("could not deregister JDBC driver {}: {}", d, e.getMessage());
                }
            }
        }
    }

    String insertSql() {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    }

    private final class Writer implements SinkWriter<T> {
        private final List<T> buffer = new ArrayList<>();
        private final ProcessingTimeService time;
        private Connection conn;
        private IOException timerFailure;
        private final Counter retries;
        private final Counter rowsWritten;

        Writer(ProcessingTimeService time, Counter retries, Counter rowsWritten) {
            this.time = time;
            this.retries = retries;
            this.rowsWritten = rowsWritten;
            scheduleFlush();
        }

        private void scheduleFlush() {
            if (flushIntervalMs > 0) {
                time.registerTimer(time.getCurrentProcessingTime() + flushIntervalMs, t -> {
                    try {
                        writeBuffer();
                    } catch (IOException e) {
                        timerFailure = e; // surfaced by the next write or flush, on the task thread
                    }
                    scheduleFlush();
                });
            }
        }

        @Override
        public void write(T element, Context context) throws IOException {
            rethrow();
            buffer.add(element);
            if (buffer.size() >= batchSize) {
                writeBuffer();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            rethrow();
            writeBuffer();
        }

        private void rethrow() throws IOException {
            if (timerFailure != null) {
                throw timerFailure;
            }
        }

        private void writeBuffer() throws IOException {
            if (buffer.isEmpty()) {
                return;
            }
            long backoff = 200;
            for (int attempt = 0; ; attempt++) {
                try {
                    insert();
                    rowsWritten.inc(buffer.size());
                    buffer.clear();
                    return;
                } catch (SQLException | RuntimeException e) {
                    closeQuietly();
                    if (attempt >= maxRetries) {
                        throw new IOException("ClickHouse insert into " + table + " failed after " + (attempt + 1)
                                + " attempts (" + buffer.size() + " rows kept for the restart): " + e.getMessage(), e);
                    }
                    retries.inc();
                    LOG.warn("ClickHouse insert into {} failed (attempt {}), retrying in {} ms: {}", table,
                            attempt + 1, backoff, e.getMessage());
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while retrying", ie);
                    }
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }

        private void insert() throws SQLException {
            if (conn == null) {
                conn = connection.open();
            }
            try (PreparedStatement ps = conn.prepareStatement(insertSql())) {
                for (T row : buffer) {
                    binder.bind(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        private void closeQuietly() {
            if (conn != null) {
                try {
                    conn.close();
                } catch (SQLException ignored) {
                    // the connection is being replaced anyway
                }
                conn = null;
            }
        }

        @Override
        public void close() {
            closeQuietly();
        }
    }

    /** Where and how to connect; credentials are read from the environment of the task manager. */
    public record ClickHouseConnection(String url) implements Serializable {
        public static final String USER_ENV = "CEMSFLOW_CLICKHOUSE_USER";
        public static final String PASSWORD_ENV = "CEMSFLOW_CLICKHOUSE_PASSWORD";

        Connection open() throws SQLException {
            Properties p = new Properties();
            String user = System.getenv(USER_ENV);
            p.setProperty("user", user == null || user.isEmpty() ? "default" : user);
            String password = System.getenv(PASSWORD_ENV);
            p.setProperty("password", password == null ? "" : password);
            // 18.16 answers compressed requests with empty bodies: no compression either way
            p.setProperty("compress", "false");
            p.setProperty("decompress", "false");
            p.setProperty("client.use_http_compression", "false");
            // the driver itself, not DriverManager: after a restart in the same TaskManager the job's
            // new class loader cannot see a driver that the previous one registered
            Connection c = new com.clickhouse.jdbc.ClickHouseDriver().connect(url, p);
            if (c == null) {
                throw new SQLException("not a ClickHouse JDBC URL: " + url);
            }
            return c;
        }
    }
}
