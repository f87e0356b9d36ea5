package org.cemsflow.reference;

/**
 * A record of the compacted reference topic as read (Flink POJO): its key, its value (null for a
 * tombstone, which removes what the key held), and where it was read (topic-partition@offset).
 */
public class ReferenceRecord {
    public String key;
    public String value;
    public String source;

    public ReferenceRecord() {}

    public ReferenceRecord(String key, String value, String source) {
        this.key = key;
        this.value = value;
        this.source = source;
    }
}
