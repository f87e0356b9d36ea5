package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.CloseableIterator;
import org.cemsflow.quota.QuotaUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run-local keeps the latest quota usage per month, and quota.csv reads the same from it. */
class LatestQuotaTest {
    @TempDir Path dir;

    private static QuotaUsage usage(String unit, String pollutant, int month, int version) {
        QuotaUsage u = new QuotaUsage();
        u.unitId = unit;
        u.pollutant = pollutant;
        u.year = 2016;
        u.month = month;
        u.version = version;
        u.ytdEmittedKg = 1000 * month + version;
        u.ytdSubstitutedKg = version;
        return u;
    }

    @Test
    void keepsTheLatestVersionOfEachMonthInTheOrderTheyCame() throws Exception {
        List<QuotaUsage> all = new ArrayList<>();
        all.add(usage("u1", "SO2", 7, 1));
        all.add(usage("u1", "SO2", 7, 2));
        all.add(usage("u2", "SO2", 7, 1));
        all.add(usage("u1", "SO2", 8, 3));
        // a late hour of July revises both months under one version: August came last
        all.add(usage("u1", "SO2", 7, 4));
        all.add(usage("u1", "SO2", 8, 4));
        // an older version arriving late changes nothing
        all.add(usage("u2", "SO2", 7, 0));

        List<QuotaUsage> kept =
                LocalRun.latest(CloseableIterator.adapterForIterator(all.iterator()));

        assertEquals(
                List.of("u2/7/1", "u1/7/4", "u1/8/4"),
                kept.stream().map(u -> u.unitId + "/" + u.month + "/" + u.version).toList());
        Path fromAll = dir.resolve("all.csv");
        Path fromKept = dir.resolve("kept.csv");
        LocalOutputs.writeQuota(fromAll, all, List.of(), Long.MAX_VALUE);
        LocalOutputs.writeQuota(fromKept, kept, List.of(), Long.MAX_VALUE);
        assertEquals(Files.readAllLines(fromAll), Files.readAllLines(fromKept));
        assertEquals(3, Files.readAllLines(fromKept).size()); // header, u1 and u2
    }
}
