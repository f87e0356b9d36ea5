package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** run-local's passes: jobs on one cluster of the run's own, or on a test's cluster. */
class LocalClusterTest {
    /** The sum of 1 to n, computed by a job of {@code env} at parallelism 2. */
    static long sum(StreamExecutionEnvironment env, long n) throws Exception {
        env.setParallelism(2);
        long sum = 0;
        try (CloseableIterator<Long> it = env.fromSequence(1, n).executeAndCollect("sum")) {
            while (it.hasNext()) {
                sum += it.next();
            }
        }
        return sum;
    }

    static Configuration jobConf() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    @Test
    void passesRunAsJobsOfOneClusterStartedByTheFirstAndStoppedWithTheRun() throws Exception {
        MiniCluster cluster;
        List<JobStatusMessage> jobs;
        try (LocalCluster local = new LocalCluster(new Configuration(), 2)) {
            assertNull(local.running(), "nothing starts before a pass asks");
            assertEquals(5_050, sum(local.environment(jobConf()), 100));
            cluster = local.running();
            assertNotNull(cluster);
            assertEquals(500_500, sum(local.environment(jobConf()), 1_000));
            assertSame(cluster, local.running(), "the second pass on the first one's cluster");
            jobs = new ArrayList<>(cluster.listJobs().get());
        }
        assertEquals(2, jobs.size(), "both jobs ran on the one cluster");
        for (JobStatusMessage job : jobs) {
            assertEquals(JobStatus.FINISHED, job.getJobState(), job.getJobName());
        }
        Set<JobID> ids = jobs.stream().map(JobStatusMessage::getJobId).collect(Collectors.toSet());
        assertEquals(2, ids.size());
        assertEquals(false, cluster.isRunning(), "closing the run stops its cluster");
    }
}
