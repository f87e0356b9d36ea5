package org.cemsflow.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.cemsflow.protocol.Hj212Codec;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.protocol.Hj212Frame;

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

    /**
     * The lines of a bundled hour of real traffic ({@code hour} as {@code 2016-08-24-05}), bytes as
     * Latin-1 chars, as the job reads them; a test's working directory is its module's.
     */
    public static List<String> captureLines(String hour) throws IOException {
        Path file = Path.of("src/test/resources/hj212/hj212-hebei-2016-08-24/" + hour + ".h212.gz");
        List<String> lines = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(Files.newInputStream(file)),
                                StandardCharsets.ISO_8859_1))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The frames of a bundled hour that parse ({@link #captureLines}), in their order. */
    public static List<Hj212Frame> captureFrames(String hour) throws IOException {
        List<Hj212Frame> frames = new ArrayList<>();
        for (String line : captureLines(hour)) {
            try {
                frames.add(Hj212Codec.parse(line.strip()));
            } catch (Hj212Exception e) {
                // not a frame: the tests that read frames leave it out
            }
        }
        return frames;
    }
}
