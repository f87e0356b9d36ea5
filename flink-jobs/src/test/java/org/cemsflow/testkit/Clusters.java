package org.cemsflow.testkit;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The embedded Flink cluster the tests run their jobs on: one TaskManager, as its slots say. */
public final class Clusters {
    private Clusters() {}

    /** A MiniCluster of one TaskManager with {@code slots} slots, for {@code @RegisterExtension}. */
    public static MiniClusterExtension withSlots(int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }
}
