package org.cemsflow.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

public class Hj212CodecTest {

    public static List<String> vectors() throws IOException {
        try (InputStream in =
                Hj212CodecTest.class.getResourceAsStream("/hj212/hj212-vectors.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)
                    .lines()
                    .filter(l -> l.startsWith("##"))
                    .collect(Collectors.toList());
        }
    }

    static Map<String, Reading> byCode(List<Reading> readings) {
        return readings.stream().collect(Collectors.toMap(Reading::getCode, Function.identity()));
    }

    @Test
    void everyGoodVectorParsesAndTheBadOneFailsItsCrc() throws Exception {
        List<String> v = vectors();
        assertEquals(8, v.size());
        for (int i = 0; i < v.size() - 1; i++) {
            Hj212Frame f = Hj212Codec.parse(v.get(i));
            Hj212Codec.decode(f);
        }
        Hj212Exception e =
                assertThrows(Hj212Exception.class, () -> Hj212Codec.parse(v.get(v.size() - 1)));
        assertEquals(RejectReason.BAD_CRC, e.reason());
        assertTrue(
                e.getMessage().contains("7BC0") && e.getMessage().contains("7D00"), e.getMessage());
    }

    /** One-letter flags are the interned strings: the rules' {@code "N".equals} is an identity. */
    @Test
    void oneLetterFlagsAreTheInternedStrings() throws Exception {
        String cp =
                "DataTime=20250601080000;a21026-Rtd=2.5,a21026-Flag=N;a21002-Rtd=1,a21002-Flag=D;a34013-Rtd=3";
        Map<String, Reading> byCode =
                Hj212Codec.decode(
                                Hj212Codec.parse(
                                        Hj212Encoder.wrap(
                                                "QN=1;ST=31;CN=2011;PW=x;MN=M1;Flag=4;CP=&&"
                                                        + cp
                                                        + "&&")))
                        .stream()
                        .collect(Collectors.toMap(Reading::getCode, Function.identity()));
        assertSame("N", byCode.get("a21026").getFlag());
        assertSame("D", byCode.get("a21002").getFlag());
        assertSame("N", byCode.get("a34013").getFlag(), "no flag is N");
    }

    @Test
    void crcIsTheHj212VariantNotModbus() throws Exception {
        String line = vectors().get(0);
        String segment = line.substring(6, line.length() - 4);
        assertEquals(0x6E80, Hj212Crc.compute(segment));
    }

    @Test
    void waterRealtime2017WithSampleTimes() throws Exception {
        Hj212Frame f = Hj212Codec.parse(vectors().get(0));
        assertEquals("81733553213013", f.mn());
        assertEquals(2017, f.protocolVersion());
        assertTrue(f.isDataUpload());
        Map<String, Reading> r = byCode(Hj212Codec.decode(f));
        assertEquals(6, r.size());
        assertEquals(181.682, r.get("w00000").getRtd());
        assertEquals(RecordKind.REALTIME, r.get("w00000").getKind());
        assertEquals(
                LocalTimes.parseIso("2021-03-20T01:34:00+08:00"), r.get("w00000").getDataTime());
        assertEquals(
                LocalTimes.parseIso("2021-03-20T00:54:00+08:00"), r.get("w21001").getSampleTime());
        assertEquals("N", r.get("w01018").getFlag());
    }

    @Test
    void hourly2017KeepsCouMinMaxAndUnknownCodes() throws Exception {
        Map<String, Reading> r = byCode(Hj212Codec.decode(Hj212Codec.parse(vectors().get(1))));
        Reading nmhc = r.get("a24088");
        assertEquals(RecordKind.HOUR, nmhc.getKind());
        assertEquals(0.933, nmhc.getAvg());
        assertEquals(0.665, nmhc.getMin());
        assertEquals(1.418, nmhc.getMax());
        assertEquals(0.018, nmhc.getCou());
        assertEquals(19191.973, r.get("a00000").getCou());
        assertTrue(r.containsKey("a05002"), "unknown codes are kept");
    }

    @Test
    void flagVersionBits() throws Exception {
        List<String> v = vectors();
        assertEquals(2017, Hj212Codec.parse(v.get(2)).protocolVersion()); // Flag=5: 2017 + ack
        assertEquals(2025, Hj212Codec.parse(v.get(3)).protocolVersion()); // Flag=8
        assertEquals(2025, Hj212Codec.parse(v.get(4)).protocolVersion()); // Flag=9
        assertEquals(2005, Hj212Codec.parse(v.get(6)).protocolVersion()); // no Flag
    }

    @Test
    void nonDataFramesDecodeToNoReadings() throws Exception {
        Hj212Frame ack = Hj212Codec.parse(vectors().get(3));
        assertFalse(ack.isDataUpload());
        assertEquals("", ack.cp());
        assertTrue(Hj212Codec.decode(ack).isEmpty());
    }

    @Test
    void codes2005AreRenamedAndValuesNeverConverted() throws Exception {
        Map<String, Reading> r = byCode(Hj212Codec.decode(Hj212Codec.parse(vectors().get(6))));
        assertEquals(10.2, r.get("a19001").getRtd());
        Reading dust = r.get("a34013");
        assertEquals(3.56, dust.getRtd());
        assertEquals(
                4.93, dust.getZsRtd(), "the ZsRtd group of the same code merges into one reading");
        assertEquals(38.57, r.get("a00000").getRtd());
        assertEquals("N", r.get("a00000").getFlag(), "a value without a flag counts as N");
        assertEquals(395.507813, r.get("a01013").getRtd());
        assertFalse(r.containsKey("01") || r.containsKey("S01") || r.containsKey("B02"));
        assertEquals(2005, dust.getProtocolVersion());
    }

    @Test
    void flagAppliesToItsOwnGroupOnly() throws Exception {
        String line =
                Hj212Encoder.frame("M1")
                        .cn(2011)
                        .dataTime(0)
                        .group("a21026", "Rtd", "5.0", "Flag", "D")
                        .group("a21002", "Rtd", "7.0")
                        .encode();
        Map<String, Reading> r = byCode(Hj212Codec.decode(Hj212Codec.parse(line)));
        assertEquals("D", r.get("a21026").getFlag());
        assertEquals("N", r.get("a21002").getFlag());
    }

    @Test
    void aFrameOfManyCodesKeepsThemAllInOrderWithTheirGroupsFlags() throws Exception {
        // more codes than the decoder first makes room for, and a group of more main values
        StringBuilder flagged = new StringBuilder();
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            flagged.append(String.format("x%03d-Rtd=%d,", i, i));
            plain.append(String.format("y%03d-Rtd=%d.5,", i, i))
                    .append(String.format("y%03d-Min=%d,", i, i));
        }
        String line =
                Hj212Encoder.frame("M1")
                        .cn(2011)
                        .dataTime(0)
                        .raw(flagged + "x000-Flag=D")
                        .raw(plain.substring(0, plain.length() - 1))
                        .raw("x005-Max=99,x005-Flag=C")
                        .encode();
        List<Reading> r = Hj212Codec.decode(Hj212Codec.parse(line));
        assertEquals(40, r.size());
        for (int i = 0; i < 20; i++) {
            Reading x = r.get(i);
            Reading y = r.get(20 + i);
            assertEquals(String.format("x%03d", i), x.getCode());
            assertEquals(i, x.getRtd());
            assertEquals("D", x.getFlag(), x.getCode() + ": its main value's group's flag");
            assertEquals(String.format("y%03d", i), y.getCode());
            assertEquals(i + 0.5, y.getRtd());
            assertEquals(i, y.getMin());
            assertEquals("N", y.getFlag());
        }
        assertEquals(99.0, r.get(5).getMax());
    }

    @Test
    void encodeThenDecodeRoundTrips() throws Exception {
        long t = LocalTimes.parseIso("2025-12-29T10:10:00+08:00");
        String line =
                Hj212Encoder.frame("88888880000001")
                        .st("31")
                        .cn(2051)
                        .pw("pw")
                        .flag(4)
                        .dataTime(t)
                        .group(
                                "a21026", "Min", "1.5", "Avg", "2.25", "Max", "3", "Cou", "0.01",
                                "Flag", "N")
                        .group("a19001", "Avg", "8.1", "Flag", "M")
                        .encode();
        Hj212Frame f = Hj212Codec.parse(line);
        assertEquals("pw", f.pw());
        assertEquals("31", f.st());
        Map<String, Reading> r = byCode(Hj212Codec.decode(f));
        Reading so2 = r.get("a21026");
        assertEquals(RecordKind.MINUTE, so2.getKind());
        assertEquals(t, so2.getDataTime());
        assertEquals(2.25, so2.getAvg());
        assertEquals(1.5, so2.getMin());
        assertEquals(3.0, so2.getMax());
        assertEquals(0.01, so2.getCou());
        assertEquals("M", r.get("a19001").getFlag());
        assertNull(so2.getRtd());
    }

    @Test
    void rejectionReasons() {
        String good =
                Hj212Encoder.frame("M1").cn(2011).dataTime(0).group("a21026", "Rtd", "1").encode();
        assertReason(RejectReason.MALFORMED, "hello");
        assertReason(RejectReason.MALFORMED, good.substring(1));
        assertReason(RejectReason.MALFORMED, good.replace("ST=31", "XX=31"));
        assertReason(
                RejectReason.MALFORMED,
                Hj212Encoder.wrap("ST=31;CN=2011;PW=1;CP=&&DataTime=20250101000000&&"));
        assertReason(
                RejectReason.MALFORMED,
                Hj212Encoder.wrap("ST=31;PW=1;MN=M1;CP=&&DataTime=20250101000000&&"));
        assertReason(
                RejectReason.MALFORMED,
                Hj212Encoder.wrap("ST=31;CN=2011;PW=1;MN=M1;CP=DataTime=1&&"));
        assertReason(RejectReason.MALFORMED, good.substring(0, good.length() - 1));
        assertReason(RejectReason.BAD_LENGTH, "##9999" + good.substring(6));
        assertReason(
                RejectReason.BAD_LENGTH,
                Hj212Encoder.frame("M1")
                        .cn(2011)
                        .dataTime(0)
                        .group("a21026", "Rtd", "1".repeat(1100))
                        .encode());
        String badCrc =
                good.substring(0, good.length() - 4) + (good.endsWith("0000") ? "0001" : "0000");
        assertReason(RejectReason.BAD_CRC, badCrc);
        assertReason(
                RejectReason.BAD_TIMESTAMP,
                Hj212Encoder.wrap("ST=31;CN=2011;PW=1;MN=M1;CP=&&a21026-Rtd=1&&"));
        assertReason(
                RejectReason.BAD_TIMESTAMP,
                Hj212Encoder.wrap(
                        "ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20251332000000;a21026-Rtd=1&&"));
        for (String bad : List.of("abc", "", "NaN", "Infinity", "0x10", "1.5d", "--1", "1 ")) {
            assertReason(
                    RejectReason.BAD_VALUE,
                    Hj212Encoder.wrap(
                            "ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20250101000000;a21026-Rtd="
                                    + bad
                                    + "&&"));
        }
        assertReason(
                RejectReason.BAD_VALUE,
                Hj212Encoder.wrap(
                        "ST=31;CN=2051;PW=1;MN=M1;CP=&&DataTime=20250101000000;a21026-ZsAvg=x,a21026-Avg=1&&"));
    }

    @Test
    void plainDecimalsOnly() {
        for (String ok : List.of("1", "-3.185592", "0.000", "+2", ".5", "5.", "1e3", "1.5E-2")) {
            assertTrue(Hj212Codec.isDecimal(ok), ok);
        }
    }

    @Test
    void nonValueFieldsNeverRejectAFrame() throws Exception {
        String line =
                Hj212Encoder.wrap(
                        "ST=31;CN=2011;PW=1;MN=M1;CP=&&DataTime=20250101000000;"
                                + "a21026-Rtd=1,a21026-ZsFlag=N,a21026-RS=x,a21026-SampleTime=bad,a21026-Ala=?&&");
        Reading r = Hj212Codec.decode(Hj212Codec.parse(line)).get(0);
        assertEquals(1.0, r.getRtd());
        assertNull(r.getRs());
        assertNull(r.getSampleTime());
    }

    private static void assertReason(RejectReason expected, String line) {
        Hj212Exception e =
                assertThrows(
                        Hj212Exception.class,
                        () -> Hj212Codec.decode(Hj212Codec.parse(line)),
                        line);
        assertEquals(expected, e.reason(), line + " -> " + e.getMessage());
    }

    /** Random corruptions of real frames: the codec answers with a rejection or readings, nothing else. */
    @Test
    void fuzzedFramesNeverThrowAnythingButARejection() throws Exception {
        List<String> seeds = new ArrayList<>(vectors());
        Random rnd = new Random(212);
        String alphabet = "#&;,=-.0123456789ACDFNQRSTWaz\u00ff\u0000 \r";
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder(seeds.get(rnd.nextInt(seeds.size())));
            int edits = 1 + rnd.nextInt(4);
            for (int k = 0; k < edits && sb.length() > 0; k++) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(4)) {
                    case 0 -> sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 1 -> sb.deleteCharAt(at);
                    case 2 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> sb.setLength(at);
                }
            }
            String line = sb.toString();
            // fix the length and CRC half the time so the fuzz reaches the field decoder
            if (rnd.nextBoolean() && line.length() > 10) {
                line =
                        Hj212Encoder.wrap(
                                line.substring(
                                        Math.min(6, line.length()),
                                        Math.max(6, line.length() - 4)));
            }
            try {
                Hj212Codec.decode(Hj212Codec.parse(line));
                accepted++;
            } catch (Hj212Exception e) {
                rejected++;
            }
        }
        assertTrue(
                accepted > 1000 && rejected > 1000,
                accepted + " accepted, " + rejected + " rejected");
    }

    @Test
    void the2025SentinelInAZsFieldIsNoValue() throws Exception {
        long t = org.cemsflow.time.LocalTimes.parseIso("2026-03-01T12:00:00+08:00");
        for (int flag : new int[] {9, 5}) {
            String line =
                    Hj212Encoder.frame("MN2025")
                            .cn(2051)
                            .flag(flag)
                            .dataTime(t)
                            .group("a21026", "Avg", "12.5", "ZsAvg", "9999.99", "Flag", "N")
                            .encode();
            var r = Hj212Codec.decode(Hj212Codec.parse(line)).get(0);
            org.junit.jupiter.api.Assertions.assertEquals(12.5, r.getAvg());
            org.junit.jupiter.api.Assertions.assertEquals(
                    flag == 9 ? null : Double.valueOf(9999.99), r.getZsAvg(), "Flag " + flag);
        }
    }

    @Test
    void headerFieldsOfHj212v2025SplitPacketsAndBackFill() throws Exception {
        long t = LocalTimes.parseIso("2026-03-01T12:00:00+08:00");
        Hj212Frame part =
                Hj212Codec.parse(
                        Hj212Encoder.wrap(
                                "QN=20260301120000000;ST=31;CN=2051;PW=123456;MN=M1;Flag=11;PNUM=2;PNO=2;RF=1;CP=&&DataTime=20260301120000;"
                                        + "a21026-Avg=1.5,a21026-Flag=N&&"));
        assertEquals(2, part.pnum());
        assertEquals(2, part.pno());
        assertTrue(part.isPart());
        assertTrue(part.backfilled());
        assertEquals(2025, part.protocolVersion());
        assertTrue(
                Hj212Codec.decode(part).get(0).getBackfilled(),
                "RF=1 in the header marks the readings");
        assertFalse(
                Hj212Codec.decode(
                                Hj212Codec.parse(
                                        Hj212Encoder.frame("M1")
                                                .cn(2051)
                                                .flag(9)
                                                .dataTime(t)
                                                .group("a21026", "Avg", "1")
                                                .encode()))
                        .get(0)
                        .getBackfilled());
        for (String bad :
                List.of(
                        "PNUM=2;PNO=3",
                        "PNUM=0;PNO=0",
                        "PNUM=x;PNO=1",
                        "PNUM=2",
                        "PNUM=65;PNO=1")) {
            String line =
                    Hj212Encoder.wrap(
                            "ST=31;CN=2051;PW=123456;MN=M1;Flag=11;"
                                    + bad
                                    + ";CP=&&DataTime=20260301120000&&");
            assertEquals(
                    RejectReason.MALFORMED,
                    assertThrows(Hj212Exception.class, () -> Hj212Codec.parse(line)).reason(),
                    bad);
        }
    }
}
