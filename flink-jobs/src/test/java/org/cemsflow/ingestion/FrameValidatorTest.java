package org.cemsflow.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.cemsflow.protocol.Hj212Encoder;
import org.cemsflow.protocol.Hj212Exception;
import org.cemsflow.protocol.RejectReason;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.ReferenceData;
import org.cemsflow.time.LocalTimes;
import org.junit.jupiter.api.Test;

class FrameValidatorTest {
    static final long NOW = LocalTimes.parseIso("2026-03-01T12:00:00+08:00");
    final ReferenceData ref =
            new ReferenceData(
                    Map.of(
                            "P1",
                                    Device.point(
                                            "P1", "point-1", "unit-1", "U", "air", 6.0, "secret",
                                            null),
                            "P2",
                                    Device.point(
                                            "P2", "point-2", "unit-1", "U", "air", null, null,
                                            null)));
    final FrameValidator validator = new FrameValidator(false, 600_000);

    static String frame(String mn, String pw, long t, String value) {
        return Hj212Encoder.frame(mn)
                .pw(pw)
                .cn(2011)
                .dataTime(t)
                .group("a21026", "Rtd", value)
                .encode();
    }

    private RejectReason reason(String line) {
        return assertThrows(Hj212Exception.class, () -> validator.validate(line, NOW, ref))
                .reason();
    }

    @Test
    void checksRunInTheContractOrder() throws Exception {
        assertEquals(RejectReason.UNKNOWN_DEVICE, reason(frame("P9", "secret", NOW, "x")));
        assertEquals(RejectReason.BAD_PASSWORD, reason(frame("P1", "wrong", NOW + 3_600_000, "x")));
        assertEquals(
                RejectReason.BAD_TIMESTAMP, reason(frame("P1", "secret", NOW + 3_600_000, "x")));
        assertEquals(RejectReason.BAD_VALUE, reason(frame("P1", "secret", NOW, "x")));
        assertEquals(
                1, validator.validate(frame("P1", "secret", NOW, "1"), NOW, ref).readings().size());
        assertEquals(
                1,
                validator.validate(frame("P2", "anything", NOW, "1"), NOW, ref).readings().size(),
                "an empty password is not checked");
    }

    /**
     * The streaming job keys a line by its first MN= as written: the header's MN must be it (MN=
     * once, ASCII), and that is a syntax check, before the length and the CRC.
     */
    @Test
    void aHeaderWhoseMnIsNotTheLinesFirstMnFieldIsMalformed() throws Exception {
        String ok = frame("P2", "x", NOW, "1");
        String segment = ok.substring(6, ok.length() - 4);
        String twice = Hj212Encoder.wrap(segment.replace(";MN=P2;", ";MN=P1;MN=P2;"));
        Hj212Exception e =
                assertThrows(Hj212Exception.class, () -> validator.validate(twice, NOW, ref));
        assertEquals(RejectReason.MALFORMED, e.reason());
        assertEquals("MN= more than once in the header", e.getMessage());
        String utf8 =
                new String(
                        "P2\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
        String notAscii = Hj212Encoder.wrap(segment.replace(";MN=P2;", ";MN=" + utf8 + ";"));
        e = assertThrows(Hj212Exception.class, () -> validator.validate(notAscii, NOW, ref));
        assertEquals(RejectReason.MALFORMED, e.reason());
        assertEquals("MN is not ASCII", e.getMessage());
        String twiceBadCrc = twice.substring(0, twice.length() - 4) + "0000";
        assertEquals(RejectReason.MALFORMED, reason(twiceBadCrc), "MALFORMED before BAD_CRC");
        assertEquals(1, validator.validate(ok, NOW, ref).readings().size());
    }

    @Test
    void futureCheckAllowsTheMargin() throws Exception {
        validator.validate(frame("P1", "secret", NOW + 600_000, "1"), NOW, ref);
        assertEquals(RejectReason.BAD_TIMESTAMP, reason(frame("P1", "secret", NOW + 601_000, "1")));
        // a clock 16 years behind is a date: accepted here, judged by lateness downstream
        validator.validate(frame("P1", "secret", NOW - 16L * 365 * 86_400_000, "1"), NOW, ref);
    }

    @Test
    void acceptUnknownLetsUnknownDevicesIn() throws Exception {
        FrameValidator open = new FrameValidator(true, -1);
        assertEquals(1, open.validate(frame("P9", "x", NOW, "1"), NOW, ref).readings().size());
    }
}
