package org.cemsflow.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cemsflow.sinks.ClickHouseSink;
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
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

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
                        new ClickHouseSink<KeyedRow>(
                                new ClickHouseSink.ClickHouseConnection(
                                        "jdbc:clickhouse://127.0.0.1:8123/cemsflow"),
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

    private static String count(String from) throws Exception {
        return ClickHouseHttp.query("SELECT count() " + from).trim();
    }
}
