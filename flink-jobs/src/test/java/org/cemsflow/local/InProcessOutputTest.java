package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.cemsflow.testkit.Clusters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** run-local's outputs handed to the run's threads: all of them, in order per subtask. */
class InProcessOutputTest {
    @RegisterExtension static final MiniClusterExtension FLINK = Clusters.withSlots(2);

    /** Numbers 0 to n - 1 at parallelism 2, each as "subtask:number" of the subtask it left. */
    static DataStream<String> numbers(StreamExecutionEnvironment env, long n) {
        return env.fromSequence(0, n - 1).setParallelism(2).map(new Tagged()).setParallelism(2);
    }

    /** A number with the subtask it passed: each subtask's numbers come in ascending order. */
    static final class Tagged extends RichMapFunction<Long, String> {
        @Override
        public String map(Long i) {
            return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + ":" + i;
        }
    }

    @Test
    void everyRecordIsReadOnceInItsSubtasksOrderAndTheQueueHoldsTheWritersBack() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        long n = 10L * InProcessOutput.CAPACITY; // many times what the queue holds
        InProcessOutput.Channel<String> channel =
                InProcessOutput.attach(numbers(env, n), "numbers");
        JobClient job = env.executeAsync("in-process output");
        CompletableFuture<JobExecutionResult> done = job.getJobExecutionResult();
        List<String> read = new ArrayList<>();
        try (CloseableIterator<String> it = channel.until(done)) {
            Thread.sleep(300); // the reader behind: the writers must wait, not drop
            it.forEachRemaining(read::add);
        }
        done.get();
        assertEquals(n, read.size());
        Map<String, Long> last = new HashMap<>();
        long sum = 0;
        for (String s : read) {
            String key = s.substring(0, s.indexOf(':'));
            long i = Long.parseLong(s.substring(s.indexOf(':') + 1));
            Long before = last.put(key, i);
            assertTrue(before == null || before < i, "out of order after " + before + ": " + s);
            sum += i;
        }
        assertEquals(n * (n - 1) / 2, sum); // each number once
        assertEquals(2, last.size()); // both subtasks wrote
    }

    @Test
    void aReaderThatStopsFailsTheJobInsteadOfLeavingItWaiting() throws Exception {
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        InProcessOutput.Channel<String> channel =
                InProcessOutput.attach(numbers(env, 100L * InProcessOutput.CAPACITY), "numbers");
        JobClient job = env.executeAsync("in-process output, reader gone");
        CompletableFuture<JobExecutionResult> done = job.getJobExecutionResult();
        try (CloseableIterator<String> it = channel.until(done)) {
            it.next();
        } // closed after one record: the writers find the queue full and no reader
        ExecutionException e =
                assertThrows(ExecutionException.class, () -> done.get(60, TimeUnit.SECONDS));
        assertTrue(
                org.apache.flink.util.ExceptionUtils.findThrowableWithMessage(
                                e, "the run no longer reads its numbers")
                        .isPresent(),
                e.toString());
    }
}
