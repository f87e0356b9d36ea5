package org.cemsflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.cemsflow.protocol.Hj212Crc;
import org.junit.jupiter.api.Test;

/** The bench's rewriting of real capture lines: copies with other MNs, and hours later. */
class BackfillTest {
    /** A line of the real captures (2016-08-24-11). */
    private static final String LINE =
            "##0144QN=20160824082227000;ST=32;CN=2011;PW=123456;MN=LD130103000148;CP=&&"
                    + "DataTime=20160824082227000;B01-Rtd=0.05,B01-Flag=N;011-Rtd=28.0,011-Flag=N&&3E80";

    @Test
    void aShiftedLineHasItsTimesLaterAndARightCrc() {
        assertEquals(crcOf(LINE), LINE.substring(LINE.length() - 4));
        String later = Backfill.shiftLine(LINE, 16);
        assertEquals(
                LINE.replace("QN=20160824082227000", "QN=20160825002227000")
                        .replace("DataTime=20160824082227000", "DataTime=20160825002227000")
                        .substring(0, LINE.length() - 4),
                later.substring(0, later.length() - 4));
        assertEquals(crcOf(later), later.substring(later.length() - 4));
        assertEquals(LINE, Backfill.shiftLine(LINE, 0));
    }

    @Test
    void aWrongCrcStaysWrongAndWhatIsNotAFrameStaysAsItIs() {
        String damaged = LINE.substring(0, LINE.length() - 4) + "0000";
        assertEquals("0000", Backfill.shiftLine(damaged, 8).substring(LINE.length() - 4));
        assertEquals("0000", Backfill.copyLine(damaged, 3).substring(LINE.length() - 4));
        assertEquals("QN=20160824082227000;", Backfill.shiftLine("QN=20160824082227000;", 8));
        String noTime = LINE.replace("DataTime=2016", "DataTime=x016");
        assertEquals(
                "DataTime=x0160824082227000;", between(Backfill.shiftLine(noTime, 8), "DataTime="));
    }

    @Test
    void aCopyHasItsOwnMnOfTheSameLengthAndARightCrc() {
        String copy = Backfill.copyLine(LINE, 37);
        assertEquals("MN=" + Backfill.copyMn("LD130103000148", 37) + ";", between(copy, "MN="));
        assertEquals(LINE.length(), copy.length());
        assertEquals(crcOf(copy), copy.substring(copy.length() - 4));
        assertEquals(LINE, Backfill.copyLine(LINE, 0));
    }

    private static String crcOf(String frame) {
        return String.format("%04X", Hj212Crc.compute(frame, 6, frame.length() - 10));
    }

    /** The field from {@code name} to its ';' (or ',') included, or to the end. */
    private static String between(String line, String name) {
        int at = line.indexOf(name);
        int end = at + name.length();
        while (end < line.length() && line.charAt(end) != ';' && line.charAt(end) != ',') {
            end++;
        }
        return line.substring(at, Math.min(end + 1, line.length()));
    }
}
