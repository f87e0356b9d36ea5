package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.junit.jupiter.api.Test;

/** The external sort is List.sort: same order, ties in the order they were added, over runs on disk. */
class ExternalSortTest {
    /** Sorts by the high bits only, so that many values tie and stability shows. */
    private static final Comparator<Long> COARSE = Comparator.comparingLong(v -> v >> 40);

    private static List<Long> values() {
        Random random = new Random(11);
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            values.add(((long) random.nextInt(50) << 40) | i); // low bits: the order of adding
        }
        return values;
    }

    @Test
    void sameOrderAsAStableInMemorySortWhateverTheChunkSize() throws Exception {
        List<Long> values = values();
        List<Long> expected = new ArrayList<>(values);
        expected.sort(COARSE);
        for (int chunk : new int[] {1, 7, 999, 10_000, 1_000_000}) {
            List<Long> sorted = new ArrayList<>();
            try (ExternalSort<Long> sort =
                    new ExternalSort<>(LongSerializer.INSTANCE, COARSE, chunk)) {
                for (Long v : values) {
                    sort.add(v);
                }
                assertEquals(values.size(), sort.size());
                assertEquals(chunk <= values.size(), sort.runs() > 0, "runs at chunk " + chunk);
                sort.forEachSorted(sorted::add);
            }
            assertEquals(expected, sorted, "chunk " + chunk);
        }
    }

    @Test
    void runFilesAreDeletedOnClose() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = countSortDirs(tmp);
        ExternalSort<Long> sort = new ExternalSort<>(LongSerializer.INSTANCE, COARSE, 3);
        for (long v = 0; v < 10; v++) {
            sort.add(v);
        }
        assertTrue(sort.runs() >= 3);
        assertEquals(before + 1, countSortDirs(tmp));
        sort.close();
        assertEquals(before, countSortDirs(tmp));
    }

    @Test
    void manyRunsAreMergedInLevelsAndNoMergeOpensMoreThanTheFanIn() throws Exception {
        List<Long> values = values();
        List<Long> expected = new ArrayList<>(values);
        expected.sort(COARSE);
        // {chunk, fan-in}: from 10,000 runs merged two at a time to 200 runs under a fan-in of 256
        for (int[] c : new int[][] {{1, 2}, {7, 3}, {50, 16}, {50, 256}}) {
            List<Long> sorted = new ArrayList<>();
            try (ExternalSort<Long> sort =
                    new ExternalSort<>(LongSerializer.INSTANCE, COARSE, c[0], c[1])) {
                for (Long v : values) {
                    sort.add(v);
                }
                int runs = values.size() / c[0];
                assertEquals(runs >= c[1], sort.levels() > 0, "levels at " + c[0] + "/" + c[1]);
                assertTrue(sort.runs() < runs || runs < c[1]);
                sort.forEachSorted(sorted::add);
                assertTrue(sort.widestMerge() <= c[1], "widest " + sort.widestMerge());
            }
            assertEquals(expected, sorted, "chunk " + c[0] + ", fan-in " + c[1]);
        }
    }

    @Test
    void nothingAddedIsNothingOut() throws Exception {
        try (ExternalSort<Long> sort = new ExternalSort<>(LongSerializer.INSTANCE, COARSE, 3)) {
            List<Long> out = new ArrayList<>();
            sort.forEachSorted(out::add);
            assertTrue(out.isEmpty());
            assertFalse(sort.runs() > 0);
        }
    }

    private static long countSortDirs(Path tmp) throws Exception {
        try (var s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("cemsflow-sort")).count();
        }
    }
}
