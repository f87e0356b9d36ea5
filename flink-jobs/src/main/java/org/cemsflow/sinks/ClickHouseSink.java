package org.cemsflow.sinks;

import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
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
 * Writes rows to a ClickHouse table with clickhouse-jdbc, in two phases. Guarantees that the table
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

    /** Binds one row to its column values, in column order (1-based, as JDBC parameters). */
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
        // the driver registers itself with DriverManager when its class loads; unregistered, it
        // would
        // keep the job's class loader (and its metaspace) alive after every restart of the job
        context.getUserCodeClassLoader()
                .registerReleaseHookIfAbsent(
                        "cemsflow-clickhouse-driver", ClickHouseSink::deregisterDrivers);
        return new Writer();
    }

    @Override
    public Committer<RowBatch> createCommitter(CommitterInitContext context) {
        var metrics = context.metricGroup().addGroup("table", table);
        return new Inserter(
                metrics.counter("clickhouseRetries"), metrics.counter("clickhouseRowsWritten"));
    }

    @Override
    public SimpleVersionedSerializer<RowBatch> getCommittableSerializer() {
        return new RowBatch.Serializer(columns.size());
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
        return "INSERT INTO "
                + table
                + " ("
                + String.join(", ", columns)
                + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))
                + ")";
    }

    /** Binds rows as they come and hands them over, in batches of at most batchSize, at each barrier. */
    private final class Writer implements CommittingSinkWriter<T, RowBatch> {
        private final List<RowBatch> ready = new ArrayList<>();
        private RowBatch open = new RowBatch(columns.size());

        @Override
        public void write(T element, Context context) {
            binder.bind(open.add(), element);
            if (open.size() >= batchSize) {
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
        private Connection conn;

        Inserter(Counter retries, Counter rowsWritten) {
            this.retries = retries;
            this.rowsWritten = rowsWritten;
        }

        @Override
        public void commit(Collection<CommitRequest<RowBatch>> requests)
                throws IOException, InterruptedException {
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
                    insert(batch);
                    rowsWritten.inc(batch.size());
                    return;
                } catch (SQLException | RuntimeException e) {
                    closeQuietly();
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

        private void insert(RowBatch batch) throws SQLException {
            if (conn == null) {
                conn = connection.open();
            }
            try (PreparedStatement ps = conn.prepareStatement(insertSql())) {
                batch.bindAll(ps);
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
            // the driver itself, not DriverManager: after a restart in the same TaskManager the
            // job's
            // new class loader cannot see a driver that the previous one registered
            Connection c = new com.clickhouse.jdbc.ClickHouseDriver().connect(url, p);
            if (c == null) {
                throw new SQLException("not a ClickHouse JDBC URL: " + url);
            }
            return c;
        }
    }
}
