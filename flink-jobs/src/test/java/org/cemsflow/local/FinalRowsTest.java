package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.junit.jupiter.api.Test;

class FinalRowsTest {
    static Aggregate row(String mn, String pollutant, long start, int revision, double avg) {
        Aggregate a = new Aggregate();
        a.setMn(mn);
        a.setPollutant(pollutant);
        a.setPeriod(AggregatePeriod.HOUR);
        a.setPeriodStart(start);
        a.setRevision(revision);
        a.setAvg(avg);
        a.setValid(true);
        return a;
    }

    /** What run-local kept before the rows streamed: the highest revision, the later of equals. */
    static List<Aggregate> inMemory(List<Aggregate> rows) {
        java.util.Map<String, Aggregate> latest = new java.util.HashMap<>();
        for (Aggregate a : rows) {
            latest.merge(
                    a.getMn() + "|" + a.getPollutant() + "|" + a.getPeriodStart(),
                    a,
                    (x, y) -> y.getRevision() >= x.getRevision() ? y : x);
        }
        List<Aggregate> out = new ArrayList<>(latest.values());
        out.sort(FinalRows.ROW_ORDER);
        return out;
    }

    @Test
    void theHighestRevisionOfEachRowInTheOrderOfTheFilesAcrossSpilledRuns() throws Exception {
        Random rnd = new Random(3);
        List<Aggregate> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rows.add(
                    row(
                            "mn" + rnd.nextInt(7),
                            "a2102" + rnd.nextInt(3),
                            3_600_000L * rnd.nextInt(20),
                            rnd.nextInt(3),
                            i)); // the avg tells which of equal revisions came last
        }
        List<Aggregate> out = new ArrayList<>();
        try (FinalRows f = new FinalRows(300)) {
            for (Aggregate a : rows) {
                f.add(a);
            }
            f.forEachFinal(out::add);
        }
        assertEquals(inMemory(rows), out);
        assertEquals(7 * 3 * 20, out.size());
    }

    @Test
    void noRowsNoOutput() throws Exception {
        List<Aggregate> out = new ArrayList<>();
        try (FinalRows f = new FinalRows()) {
            f.forEachFinal(out::add);
        }
        assertEquals(List.of(), out);
    }
}
