package org.cemsflow.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cemsflow.sinks.ClickHouseSink;
import org.cemsflow.testkit.Clusters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ClickHouse sink across a failure, on the real server: rows that an attempt decided after its
 * last completed checkpoint, before it failed, never reach the table. Each row's version is 100 in
 * the first attempt and 1 after the restore, as an hourly row of a failed attempt could carry a
 * higher revision than the replay's: if the failed attempt's rows past its checkpoint were
 * written, they would outrank the restored job's rows of the same keys after FINAL.
 */
class ClickHouseSinkIT {
    @RegisterExtension static final MiniClusterExtension FLINK = Clusters.withSlots(1);

    static final String TABLE = "cemsflow.sink_it_" + UUID.randomUUID().toString().substring(0, 8);
    static final int ROWS = 2000;

    @BeforeAll
    static void table() throws Exception {
        ClickHouseHttp.migrate();
        ClickHouseHttp.query(
                "CREATE TABLE "
                        + TABLE
                        + " (k UInt64, v String, version UInt32) "
                        + "ENGINE = ReplacingMergeTree(version) ORDER BY k");
    }

    @AfterAll
    static void drop() throws Exception {
        ClickHouseHttp.query("DROP TABLE IF EXISTS " + TABLE);
    }

    /** A key and the attempt that decided it. */
    public static class KeyedRow {
        public long k;
        public int attempt;

        public KeyedRow() {}
    }

    /** Slows the stream so that checkpoints complete mid-way; fails the first attempt 50 rows after the latest one. */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<Long, KeyedRow>
            implements CheckpointListener {
        static volatile boolean checkpointed;
        static volatile boolean failed;

        /** The first key of the restored attempt: where its checkpoint left the source. */
        static volatile long firstKeyRestored = -1;

        private volatile int afterCheckpoint;
        private int attempt;

        @Override
        public void open(OpenContext ctx) {
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        }

        @Override
        public KeyedRow map(Long k) throws Exception {
            Thread.sleep(2);
            if (attempt == 0 && checkpointed && ++afterCheckpoint > 50) {
                failed = true;
                throw new RuntimeException(
                        "injected failure, 50 rows after the latest completed checkpoint");
            }
            if (attempt > 0 && firstKeyRestored < 0) {
                firstKeyRestored = k;
            }
            KeyedRow r = new KeyedRow();
            r.k = k;
            r.attempt = attempt;
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
            afterCheckpoint = 0;
        }
    }

    @Test
    void rowsOfAFailedAttemptPastItsCheckpointNeverReachTheTable() throws Exception {
        Configuration conf = new Configuration();
        // a checkpoint a second, the failure some 0.1 s after one: the 50 rows are past it
        conf.setString("execution.checkpointing.interval", "1 s");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "100 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        // batches of one row: a sink that wrote as rows come would have written every one of the 50
        env.fromSequence(0, ROWS - 1)
                .map(new FailOnceAfterCheckpoint())
                .name("fail once")
                .sinkTo(
                        sink(
                                TABLE,
                                List.of("k", "v", "version"),
                                (to, r) -> {
                                    to.setLong(1, r.k);
                                    to.setString(2, "attempt-" + r.attempt);
                                    to.setLong(3, r.attempt == 0 ? 100 : 1);
                                },
                                1,
                                3))
                .name("ClickHouse");
        env.execute("clickhouse-sink-it");
        assertTrue(FailOnceAfterCheckpoint.failed, "the failure was injected");

        long restoredFrom = FailOnceAfterCheckpoint.firstKeyRestored;
        assertTrue(restoredFrom > 0, "the first attempt completed a checkpoint with rows");
        assertEquals(
                String.valueOf(ROWS), count("FROM " + TABLE + " FINAL"), "every key, none lost");
        // the background merges keep the highest version: a row of the failed attempt past its
        // checkpoint would be what FINAL shows of that key
        assertEquals(
                "0",
                count("FROM " + TABLE + " FINAL WHERE v = 'attempt-0' AND k >= " + restoredFrom),
                "rows the failed attempt decided after its last checkpoint are in the table");
        assertEquals(
                String.valueOf(restoredFrom),
                count("FROM " + TABLE + " FINAL WHERE v = 'attempt-0'"),
                "the rows of the completed checkpoints are");
    }

    /**
     * Every value reaches the table as it was bound: escapes, UTF-8, NULL, extreme doubles bit for
     * bit (so the sink wrote RowBinary), DateTime.
     */
    @Test
    void valuesArriveExactly() throws Exception {
        String table = TABLE + "_values";
        ClickHouseHttp.query(
                "CREATE TABLE "
                        + table
                        + " (k UInt64, s String, n Nullable(String), d Float64, t DateTime, b UInt8)"
                        + " ENGINE = MergeTree ORDER BY k");
        try {
            String[] strings = {
                "tab\there",
                "line\nbreak\r",
                "back\\slash",
                "quote ' \"",
                "\u6c61\u67d3\u7269 NOx",
                "",
                "nul\0",
                "plain"
            };
            double[] doubles = {
                0.1,
                -0.0,
                1e-300,
                123456.789,
                Double.MAX_VALUE,
                Double.NaN,
                Double.NEGATIVE_INFINITY,
                // 18.16 reads this double's text an ulp off: it arrives exactly only as RowBinary
                -213.7739503641656
            };
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromSequence(0, strings.length - 1)
                    .sinkTo(
                            sink(
                                    table,
                                    List.of("k", "s", "n", "d", "t", "b"),
                                    (to, k) -> {
                                        int i = k.intValue();
                                        to.setLong(1, k);
                                        to.setString(2, strings[i]);
                                        if (i % 2 == 0) {
                                            to.setNull(3, java.sql.Types.VARCHAR);
                                        } else {
                                            to.setString(3, strings[i]);
                                        }
                                        to.setDouble(4, doubles[i]);
                                        to.setLong(
                                                5,
                                                i == 0
                                                        ? 0
                                                        : 1_472_000_000L
                                                                + i); // 0: a DateTime of one digit
                                        to.setInt(6, i % 2);
                                    },
                                    3,
                                    0));
            env.execute("clickhouse-sink-values");
            String[] got =
                    ClickHouseHttp.query(
                                    "SELECT k, hex(s), ifNull(hex(n), 'NULL'), d, toUnixTimestamp(t), b FROM "
                                            + table
                                            + " ORDER BY k FORMAT TSV")
                            .split("\n");
            assertEquals(strings.length, got.length);
            for (int i = 0; i < strings.length; i++) {
                String[] f = got[i].split("\t");
                String hex =
                        java.util.HexFormat.of()
                                .withUpperCase()
                                .formatHex(
                                        strings[i].getBytes(
                                                java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(String.valueOf(i), f[0]);
                assertEquals(hex, f[1], "string " + i);
                assertEquals(i % 2 == 0 ? "NULL" : hex, f[2], "nullable string " + i);
                double back = ClickHouseHttp.parseDouble(f[3]);
                assertEquals(0, Double.compare(doubles[i], back), "double " + i + ": " + f[3]);
                assertEquals(String.valueOf(i == 0 ? 0 : 1_472_000_000L + i), f[4]);
                assertEquals(String.valueOf(i % 2), f[5]);
            }
        } finally {
            ClickHouseHttp.query("DROP TABLE IF EXISTS " + table);
        }
    }

    /** A column of a type RowBinary is not written for here (FixedString) leaves the table to text. */
    @Test
    void aTableWithATypeWithoutABinaryFormIsWrittenAsText() throws Exception {
        String table = TABLE + "_text";
        ClickHouseHttp.query(
                "CREATE TABLE "
                        + table
                        + " (k UInt64, c FixedString(3), d Float64) ENGINE = MergeTree ORDER BY k");
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromSequence(0, 4)
                    .sinkTo(
                            sink(
                                    table,
                                    List.of("k", "c", "d"),
                                    (to, k) -> {
                                        to.setLong(1, k);
                                        to.setString(2, "a\t" + k);
                                        to.setDouble(3, k / 4.0);
                                    },
                                    2,
                                    0));
            env.execute("clickhouse-sink-text");
            assertEquals(
                    List.of(
                            "0\ta\\t0\t0",
                            "1\ta\\t1\t0.25",
                            "2\ta\\t2\t0.5",
                            "3\ta\\t3\t0.75",
                            "4\ta\\t4\t1"),
                    ClickHouseHttp.rows("SELECT k, c, d FROM " + table + " ORDER BY k"));
        } finally {
            ClickHouseHttp.query("DROP TABLE IF EXISTS " + table);
        }
    }

    /** Narrows the table's column d to Float32 once the sink has inserted rows of the old type. */
    static final class AlterAfterCheckpoint extends RichMapFunction<Long, Long>
            implements CheckpointListener {
        static volatile String table;
        static volatile long firstAfter = -1;
        private volatile boolean altered;
        private long last;
        private int checkpointsWithRows;

        @Override
        public Long map(Long k) throws Exception {
            Thread.sleep(2);
            if (altered && firstAfter < 0) {
                firstAfter = k;
            }
            last = k;
            return k;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            // the second checkpoint with rows: the sink has inserted rows in the old type
            if (!altered && last > 0 && ++checkpointsWithRows == 2) {
                ClickHouseHttp.query("ALTER TABLE " + table + " MODIFY COLUMN d Float32");
                altered = true;
            }
        }
    }

    /**
     * A migration that changes a column's type while the job runs: the rows after it arrive in the
     * new type (RowBinary written for the old one would be misread), for the sink asks the table's
     * types again at each commit.
     */
    @Test
    void aColumnRetypedWhileTheJobRunsGetsItsRowsInItsNewType() throws Exception {
        String table = TABLE + "_retyped";
        ClickHouseHttp.query(
                "CREATE TABLE "
                        + table
                        + " (k UInt64, d Float64, s String) ENGINE = MergeTree ORDER BY k");
        try {
            AlterAfterCheckpoint.table = table;
            Configuration conf = new Configuration();
            conf.setString("execution.checkpointing.interval", "300 ms");
            conf.setString("restart-strategy.type", "none"); // a restart would read the types anew
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(1);
            int n = 1500;
            env.fromSequence(0, n - 1)
                    .map(new AlterAfterCheckpoint())
                    .sinkTo(
                            sink(
                                    table,
                                    List.of("k", "d", "s"),
                                    (to, k) -> {
                                        to.setLong(1, k);
                                        to.setDouble(2, k / 4.0); // exact in a Float32 too
                                        to.setString(3, "row " + k);
                                    },
                                    100,
                                    0));
            env.execute("clickhouse-sink-retyped");
            assertTrue(
                    AlterAfterCheckpoint.firstAfter > 0
                            && AlterAfterCheckpoint.firstAfter < n - 100,
                    "the column changed mid-way: " + AlterAfterCheckpoint.firstAfter);
            assertEquals(
                    "Float32",
                    ClickHouseHttp.query(
                                    "SELECT type FROM system.columns WHERE database = 'cemsflow'"
                                            + " AND table = '"
                                            + table.substring("cemsflow.".length())
                                            + "' AND name = 'd'")
                            .trim());
            assertEquals(
                    String.valueOf(n),
                    count(
                            "FROM "
                                    + table
                                    + " WHERE d = k / 4 AND s = concat('row ', toString(k))"));
        } finally {
            ClickHouseHttp.query("DROP TABLE IF EXISTS " + table);
        }
    }

    /** A sink into {@code table} of the test server's cemsflow database. */
    static <T> ClickHouseSink<T> sink(
            String table,
            List<String> columns,
            ClickHouseSink.RowBinder<T> binder,
            int batchSize,
            int maxRetries) {
        return new ClickHouseSink<>(
                new ClickHouseSink.ClickHouseConnection(
                        "jdbc:clickhouse://127.0.0.1:8123/cemsflow"),
                table,
                columns,
                binder,
                batchSize,
                maxRetries);
    }

    private static String count(String from) throws Exception {
        return ClickHouseHttp.query("SELECT count() " + from).trim();
    }
}
