package org.cemsflow.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the repository's own files (schemas, scripts, samples), whatever folder Maven runs them in. */
public final class Repository {
    private Repository() {}

    /** The repository's root: the nearest folder at or above the working directory with schemas/ and scripts/. */
    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("schemas"))
                    && Files.isDirectory(p.resolve("scripts"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "no repository root (schemas/ and scripts/) above " + Path.of("").toAbsolutePath());
    }
}
