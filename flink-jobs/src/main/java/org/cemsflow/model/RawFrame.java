package org.cemsflow.model;

/** One input line as received (Flink POJO): ISO-8859-1 text, where it came from, when. */
public class RawFrame {
    /** The line without CR/LF, one char per byte. */
    public String text;

    /** topic-partition@offset, or path:line. */
    public String source;

    /** Arrival, epoch milliseconds. */
    public long receivedAt;

    /**
     * Whether its length and CRC were found to hold where its event time was taken, so that the
     * frame gate does not compute the CRC a second time. Transient: not part of the state of the
     * frames the gate holds (a held frame is checked again).
     */
    public transient boolean intact;

    public RawFrame() {}

    public RawFrame(String text, String source, long receivedAt) {
        this.text = text;
        this.source = source;
        this.receivedAt = receivedAt;
    }
}
