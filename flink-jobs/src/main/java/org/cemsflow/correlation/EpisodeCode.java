package org.cemsflow.correlation;

/** One code of a device episode (Flink POJO state): its run, what it showed, and whether it still lasts. */
public class EpisodeCode {
    public long first;
    public long last;

    /** The value the alert shows for the code (the stuck value, the worst deviation). */
    public Double value;

    /** The code's own evidence (a JSON object). */
    public String evidence;

    public boolean open;

    public EpisodeCode() {}
}
