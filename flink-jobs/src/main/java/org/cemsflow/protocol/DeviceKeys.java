package org.cemsflow.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.cemsflow.config.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SM4 keys of HJ 212-2025 devices, from the CSV file ({@code mn,key}, the key as 32 hex
 * digits) named by the environment variable {@value #ENV}: never from the reference topic, the
 * configuration or the logs. Guarantees that a key rotated in the file is used within
 * {@link #RELOAD_MS} of the change, that a file that does not parse at start stops the run naming
 * the file and line, and that one that does not parse later keeps the keys read before (the job
 * never dies on it).
 */
public final class DeviceKeys {
    public static final String ENV = "CEMSFLOW_SM4_KEYS_FILE";
    public static final String PROPERTY = "cemsflow.sm4.keys.file";
    static final long RELOAD_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceKeys.class);

    private final Path file;
    private volatile Map<String, byte[]> keys;
    private long checkedAt;
    private long modified;

    private DeviceKeys(Path file) {
        this.file = file;
        this.keys = file == null ? Map.of() : read(file);
        this.modified = file == null ? 0 : lastModified(file);
        this.checkedAt = System.currentTimeMillis();
    }

    /** The keys of the file {@value #ENV} names (else the system property {@value #PROPERTY}), or none. */
    public static DeviceKeys fromEnvironment() {
        String f = System.getenv(ENV);
        if (f == null || f.isBlank()) {
            f =
                    System.getProperty(
                            PROPERTY); // embedded runs and tests, where the environment is fixed
        }
        return new DeviceKeys(f == null || f.isBlank() ? null : Path.of(f));
    }

    /**
     * As {@link #fromEnvironment()}, but a file that does not parse gives no keys (logged): on a
     * task manager, where the job must not die on it; the job's start checked it.
     */
    public static DeviceKeys fromEnvironmentOrNone() {
        try {
            return fromEnvironment();
        } catch (SettingsException e) {
            LOG.error("{}: no SM4 keys", e.getMessage());
            return new DeviceKeys(null);
        }
    }

    public static DeviceKeys of(Path file) {
        return new DeviceKeys(file);
    }

    /** The key of {@code mn}, or null. */
    public byte[] key(String mn) {
        reloadIfChanged();
        return mn == null ? null : keys.get(mn);
    }

    private void reloadIfChanged() {
        long now = System.currentTimeMillis();
        if (file == null || now - checkedAt < RELOAD_MS) {
            return;
        }
        checkedAt = now;
        long m = lastModified(file);
        if (m != modified) {
            try {
                keys = read(file);
                modified = m;
                LOG.info("SM4 keys reloaded from {}: {} devices", file, keys.size());
            } catch (SettingsException e) {
                LOG.error(
                        "SM4 keys file {} does not parse, keeping the {} keys read before: {}",
                        file,
                        keys.size(),
                        e.getMessage());
            }
        }
    }

    static Map<String, byte[]> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException(
                    "cannot read the SM4 keys file " + file + " (" + ENV + "): " + e.getMessage());
        }
        Map<String, byte[]> out = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()
                    || line.startsWith("#")
                    || (i == 0 && line.equalsIgnoreCase("mn,key"))) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 2 || !f[1].trim().matches("[0-9a-fA-F]{32}")) {
                // the line itself is not quoted: it holds a key
                throw new SettingsException(
                        "SM4 keys file "
                                + file
                                + " line "
                                + (i + 1)
                                + ": expected mn,key with the key as 32 hex digits");
            }
            out.put(f[0].trim(), HexFormat.of().parseHex(f[1].trim()));
        }
        return Map.copyOf(out);
    }

    private static long lastModified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }
}
