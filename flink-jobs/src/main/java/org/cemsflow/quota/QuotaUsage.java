package org.cemsflow.quota;

/** A unit's use of its permit for one pollutant, year and month (Flink POJO; later versions replace earlier). */
public class QuotaUsage {
    public String unitId;
    public String pollutant;
    public int year;
    public int month;
    public double measuredKg;
    public double substitutedKg;

    /** Year to date, through the latest hour counted. */
    public double ytdEmittedKg;

    public double ytdSubstitutedKg;

    /** The permit in force at the latest hour counted; null without a permit. */
    public Double permittedKg;

    /** ytdEmittedKg / permittedKg; null without a permit. */
    public Double ratio;

    public int version;

    public QuotaUsage() {}
}
