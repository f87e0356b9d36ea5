package org.cemsflow.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.cemsflow.protocol.Hj212Encoder;
import org.junit.jupiter.api.Test;

class ClockCalibrationTest {
    /** 2026-04-01 10:00:00 at UTC+8. */
    static final Instant NOW = Instant.parse("2026-04-01T02:00:00Z");

    static FrameFields frame(String cn, String dataTime, int flag) {
        String f =
                Hj212Encoder.wrap(
                        "QN=20260401100000001;ST=22;CN="
                                + cn
                                + ";PW=123456;MN=MN1;Flag="
                                + flag
                                + ";CP=&&DataTime="
                                + dataTime
                                + ";a34004-Rtd=12.5,a34004-Flag=N&&");
        return FrameFields.of(f.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aLoggerOffTheClockIsSetOncePerInterval() {
        MutableClock clock = new MutableClock(NOW);
        ClockCalibration c =
                new ClockCalibration(clock, Duration.ofMinutes(5), Duration.ofHours(1));
        assertNull(
                c.after(frame("2011", "20260401095800", 5)),
                "2 minutes behind: within the tolerance");
        String set = text(c.after(frame("2011", "20260401094900", 5)));
        assertEquals(
                Hj212Encoder.wrap(
                                "QN=20260401100000000;ST=22;CN=1012;PW=123456;MN=MN1;Flag=5;"
                                        + "CP=&&SystemTime=20260401100000&&")
                        + "\r\n",
                set,
                "SystemTime is local time UTC+8");
        clock.now = NOW.plus(Duration.ofMinutes(30));
        assertNull(c.after(frame("2011", "20260401101900", 5)), "within the interval: not again");
        clock.now = NOW.plus(Duration.ofMinutes(61));
        assertEquals(
                true,
                text(c.after(frame("2011", "20260401104900", 5)))
                        .contains("SystemTime=20260401110100"));
        assertEquals(Map.of("MN1", 2L), c.counts());
    }

    @Test
    void periodDataAreStampedInThePastButNeverInTheFuture() {
        ClockCalibration c =
                new ClockCalibration(
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        Duration.ofMinutes(5),
                        Duration.ofHours(1));
        assertNull(
                c.after(frame("2061", "20260401080000", 5)), "an hourly upload of two hours ago");
        assertEquals(
                true,
                text(c.after(frame("2051", "20260401101000", 5))).contains("CN=1012"),
                "ten minutes ahead");
    }

    @Test
    void aLoggerThatAsksIsAlwaysAnswered() {
        ClockCalibration c =
                new ClockCalibration(
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        Duration.ofMinutes(5),
                        Duration.ofHours(1));
        FrameFields ask = frame("1013", "20260401100000", 5);
        assertEquals(true, text(c.after(ask)).contains("CN=1012"));
        assertEquals(true, text(c.after(ask)).contains("CN=1012"));
        assertEquals(
                true,
                text(ask.ack()).contains(";CN=9013;"),
                "a notification is answered with 9013");
        assertEquals(
                true,
                text(frame("9015", "20260401100000", 5).ack()).contains(";CN=9013;"),
                "so is a heartbeat");
        assertEquals(
                true,
                text(frame("2011", "20260401100000", 5).ack()).contains(";CN=9014;"),
                "data get 9014");
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
