package org.cemsflow.model;

/** One input line as received (Flink POJO): ISO-8859-1 text, where it came from, when. */
public class RawFrame {
    /** The line without CR/LF, one char per byte. */
    public String text;

    /** topic-partition@offset, or path:line. */
    public String source;

    /** Arrival, epoch milliseconds. */
    public long receivedAt;

    public RawFrame() {}

    public RawFrame(String text, String source, long receivedAt) {
        this.text = text;
        this.source = source;
        this.receivedAt = receivedAt;
    }
}
