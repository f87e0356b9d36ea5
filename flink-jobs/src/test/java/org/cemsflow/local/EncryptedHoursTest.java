package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.cemsflow.protocol.DeviceKeys;
import org.cemsflow.protocol.Hj212Crc;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.protocol.Sm4Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HJ 212-2025 with SM4 in run-local: a real hour of the provincial capture, made 2025 (version bits
 * 2 in Flag, CRC recomputed), once in plain text and once with every data area encrypted with its
 * device's key (the brace-text form) and the keys in a keys file: both give the same hourly and
 * daily means.
 */
class EncryptedHoursTest {
    static final Pattern FRAME = Pattern.compile("^##(\\d{4})(.*)([0-9A-Fa-f]{4})$");

    static byte[] key(String mn) throws Exception {
        byte[] h = MessageDigest.getInstance("MD5").digest(mn.getBytes(StandardCharsets.US_ASCII));
        return java.util.Arrays.copyOf(h, 16);
    }

    /** The frame as a 2025 logger would send it in plain text, or null for a line that is no valid frame. */
    static String as2025(String line) {
        Matcher m = FRAME.matcher(line);
        if (!m.matches()
                || Integer.parseInt(m.group(1)) != m.group(2).length()
                || Hj212Crc.compute(m.group(2)) != Integer.parseInt(m.group(3), 16)) {
            return null;
        }
        String segment = m.group(2);
        int cp = segment.indexOf("CP=&&");
        if (cp < 0 || !segment.contains("MN=")) {
            return null;
        }
        String header = segment.substring(0, cp);
        Matcher flag = Pattern.compile("Flag=(\\d+);").matcher(header);
        header =
                flag.find()
                        ? flag.replaceFirst(
                                "Flag=" + ((Integer.parseInt(flag.group(1)) & 3) | 8) + ";")
                        : header + "Flag=8;";
        return Hj212Encoder.wrap(header + segment.substring(cp));
    }

    static final Path HOUR =
            Path.of("src/test/resources/hj212/hj212-hebei-2016-08-24/2016-08-24-05.h212.gz");

    @Test
    void encryptedAndPlainHoursGiveTheSameMeans(@TempDir Path dir) throws Exception {
        List<String> plain = new ArrayList<>();
        List<String> encrypted = new ArrayList<>();
        Map<String, String> keys = new TreeMap<>();
        int converted = 0;
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(Files.newInputStream(HOUR)),
                                StandardCharsets.ISO_8859_1))) {
            for (String line; (line = r.readLine()) != null; ) {
                String p = as2025(line);
                if (p == null) {
                    plain.add(line);
                    encrypted.add(line);
                    continue;
                }
                String mn = Sm4Frames.mn(p);
                keys.put(mn, HexFormat.of().formatHex(key(mn)));
                plain.add(p);
                String e = Sm4Frames.encrypt(p, key(mn), true);
                encrypted.add(e);
                if (Sm4Frames.isEncrypted(e)) {
                    converted++;
                }
            }
        }
        assertTrue(converted > 5000, converted + " frames encrypted");
        Path plainFile = dir.resolve("plain.h212");
        Path encFile = dir.resolve("encrypted.h212");
        Files.write(plainFile, plain, StandardCharsets.ISO_8859_1);
        Files.write(encFile, encrypted, StandardCharsets.ISO_8859_1);
        Path keysFile = dir.resolve("keys.csv");
        List<String> rows = new ArrayList<>(List.of("mn,key"));
        keys.forEach((mn, k) -> rows.add(mn + "," + k));
        Files.write(keysFile, rows);

        LocalRun.run(
                new LocalRun.Options(
                        List.of(plainFile.toString()), null, true, dir.resolve("plain"), Map.of()));
        System.setProperty(DeviceKeys.PROPERTY, keysFile.toString());
        try {
            LocalRun.run(
                    new LocalRun.Options(
                            List.of(encFile.toString()), null, true, dir.resolve("enc"), Map.of()));
        } finally {
            System.clearProperty(DeviceKeys.PROPERTY);
        }
        for (String out : List.of("hourly.csv", "daily.csv")) {
            String a = Files.readString(dir.resolve("plain").resolve(out));
            assertTrue(a.lines().count() > 100, out + " has rows");
            assertEquals(a, Files.readString(dir.resolve("enc").resolve(out)), out);
        }
    }
}
