package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cemsflow.testkit.Clusters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Inside a test with a cluster of its own, run-local's passes are that cluster's jobs. */
class LocalClusterInATestTest {
    @RegisterExtension static final MiniClusterExtension FLINK = Clusters.withSlots(2);

    @Test
    void thePassesRunOnTheTestsClusterAndTheRunStartsNone() throws Exception {
        try (LocalCluster local = new LocalCluster(new Configuration(), 2)) {
            assertEquals(
                    5_050,
                    LocalClusterTest.sum(local.environment(LocalClusterTest.jobConf()), 100));
            assertNull(local.running());
        }
    }
}
