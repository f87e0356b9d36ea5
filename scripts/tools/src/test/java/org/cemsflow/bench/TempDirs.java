package org.cemsflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.file.PathUtils;

/**
 * Temporary directories of a benchmark (checkpoints, reference data), deleted when its JVM exits:
 * every run of {@code scripts/bench} made a dozen, and they stayed in /tmp.
 */
final class TempDirs {
    private static final List<Path> MADE = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::deleteAll, "bench-temp-dirs"));
    }

    private TempDirs() {}

    /** A new empty directory under the system's temp directory, gone when the JVM exits. */
    static synchronized Path make(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        MADE.add(dir);
        return dir;
    }

    /** Deletes {@code dir} now (its run is over): a run's checkpoints do not wait for the exit. */
    static synchronized void delete(Path dir) {
        if (MADE.remove(dir)) {
            deleteQuietly(dir);
        }
    }

    private static synchronized void deleteAll() {
        for (Path dir : MADE) {
            deleteQuietly(dir);
        }
        MADE.clear();
    }

    private static void deleteQuietly(Path dir) {
        // a finished job's checkpoint coordinator may still be removing the subsumed checkpoints
        // while the walk runs: a file gone under it is a reason to walk again, not a failure
        for (int attempt = 1; Files.exists(dir); attempt++) {
            try {
                PathUtils.deleteDirectory(dir);
            } catch (java.nio.file.NoSuchFileException e) {
                if (attempt == 5) {
                    System.err.println("bench: could not delete " + dir + ": " + e);
                    return;
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("bench: could not delete " + dir + ": " + e);
                return;
            }
        }
    }
}
