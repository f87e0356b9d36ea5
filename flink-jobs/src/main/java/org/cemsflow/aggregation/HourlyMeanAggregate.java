package org.cemsflow.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.cemsflow.avro.Reading;
import org.cemsflow.avro.RecordKind;
import org.cemsflow.model.Codes;
import org.cemsflow.time.LocalTimes;

/**
 * The hourly mean rule, as pure functions over an
 * {@link HourBucket}: per code the first of minute, hourly and real-time records present in the
 * hour is the source; coverage counts minutes; valid means covered >= the minimum; the corrected
 * mean uses the hour's valid O2; volume and mass use the hour's valid flow and the measured mean.
 */
public final class HourlyMeanAggregate {
    private final Set<String> validFlags;
    private final int minCoverage;
    private final double stackStoppedO2;
    private final Set<String> massCodes;

    public HourlyMeanAggregate(AggregationParams params) {
        this.validFlags = params.validFlags();
        this.minCoverage = params.minCoverageMinutes();
        this.stackStoppedO2 = params.stackStoppedO2();
        this.massCodes = params.massCodes();
    }

    /** True for readings that can make an hourly row: minute, hourly or real-time with a main value. */
    public static boolean contributes(Reading r) {
        return switch (r.getKind()) {
            case MINUTE, HOUR -> r.getAvg() != null;
            case REALTIME -> r.getRtd() != null;
            default -> false;
        };
    }

    public void add(HourBucket bucket, Reading r) {
        bucket.pointId = r.getPointId();
        bucket.unitId = r.getUnitId();
        bucket.o2Ref = r.getO2Ref();
        bucket.minuteInterval = r.getMinuteInterval();
        bucket.readings++;
        CodeHourAcc acc = bucket.codes.computeIfAbsent(r.getCode(), c -> new CodeHourAcc());
        boolean valid = validFlags.contains(r.getFlag());
        int minute = LocalTimes.minuteOfHour(r.getDataTime());
        // A kind makes the row only while no kind before it in {@link #baseRow}'s order (minute,
        // hourly, real-time) is present: what the others gathered is dropped, not kept for the
        // allowed lateness.
        switch (r.getKind()) {
            case MINUTE -> {
                acc.minute.add(r.getAvg(), r.getMin(), r.getMax(), valid, minute);
                acc.hour.clear();
                acc.realtime.clear();
            }
            case HOUR -> {
                if (!acc.minute.present) {
                    acc.hour.add(r.getAvg(), r.getMin(), r.getMax(), valid, minute);
                    acc.realtime.clear();
                }
            }
            case REALTIME -> {
                if (!acc.minute.present && !acc.hour.present) {
                    acc.realtime.add(r.getRtd(), null, null, valid, minute);
                }
            }
            default -> throw new IllegalArgumentException("not an hourly source: " + r.getKind());
        }
    }

    /** An hour's volume per unit of mean flow: m³ per m³/s of stack gas, m³ per L/s of water. */
    static final double AIR_M3_PER_FLOW = 3600.0, WATER_M3_PER_FLOW = 3.6;

    /** Kilograms per mean times volume: mg/m³ × m³ of stack gas, mg/L × m³ of water. */
    static final double AIR_KG = 1e-6, WATER_KG = 1e-3;

    /**
     * An hour's mass: its mean times its volume times {@code kg}, in that order (the hourly rows'
     * serializer leaves out a mass that this gives back bit for bit).
     */
    static double mass(double avg, double volumeM3, double kg) {
        return avg * volumeM3 * kg;
    }

    /**
     * The hour's rows, one per code with values.
     *
     * @param minuteInterval minutes one minute record stands for (1..60)
     */
    public List<Aggregate> rows(
            String mn, long hourStart, HourBucket bucket, double minuteInterval) {
        List<Aggregate> rows = new ArrayList<>(bucket.codes.size());
        for (Map.Entry<String, CodeHourAcc> e : bucket.codes.entrySet()) {
            Aggregate row =
                    baseRow(mn, bucket, hourStart, e.getKey(), e.getValue(), minuteInterval);
            if (row != null) {
                rows.add(row);
            }
        }
        Double o2 = validAvg(rows, Codes.O2);
        Double o2Ref = bucket.o2Ref;
        Double airVolume = times(validAvg(rows, Codes.AIR_FLOW), AIR_M3_PER_FLOW);
        Double waterVolume = times(validAvg(rows, Codes.WATER_FLOW), WATER_M3_PER_FLOW);
        for (Aggregate row : rows) {
            String code = row.getPollutant();
            if (o2Ref != null && Codes.isAirPollutant(code)) {
                row.setO2Ref(o2Ref);
                if (o2 != null && o2 < stackStoppedO2 && row.getAvg() != null) {
                    row.setZsAvg(Codes.o2Corrected(row.getAvg(), o2Ref, o2));
                }
            }
            boolean water = Codes.isWater(code);
            Double volume = water ? waterVolume : airVolume;
            if (code.equals(Codes.AIR_FLOW) || code.equals(Codes.WATER_FLOW)) {
                row.setVolumeM3(volume);
            } else if (massCodes.contains(code)) {
                row.setVolumeM3(volume);
                if (volume != null && row.getValid()) {
                    row.setEmissionKg(mass(row.getAvg(), volume, water ? WATER_KG : AIR_KG));
                }
            }
        }
        return rows;
    }

    private Aggregate baseRow(
            String mn,
            HourBucket bucket,
            long hourStart,
            String code,
            CodeHourAcc acc,
            double minuteInterval) {
        KindAcc k;
        RecordKind source;
        int coverage;
        if (acc.minute.present) {
            k = acc.minute;
            source = RecordKind.MINUTE;
            coverage =
                    (int)
                            Math.min(
                                    60,
                                    Math.floor(minuteInterval * k.distinctValidMinutes() + 1e-9));
        } else if (acc.hour.present) {
            k = acc.hour;
            source = RecordKind.HOUR;
            coverage = k.validCount > 0 ? 60 : 0;
        } else if (acc.realtime.present) {
            k = acc.realtime;
            source = RecordKind.REALTIME;
            coverage = k.distinctValidMinutes();
        } else {
            return null;
        }
        boolean any = k.validCount > 0;
        Aggregate a = new Aggregate();
        a.setMn(mn);
        a.setPointId(bucket.pointId);
        a.setUnitId(bucket.unitId);
        a.setPollutant(code);
        a.setPeriod(AggregatePeriod.HOUR);
        a.setPeriodStart(hourStart);
        a.setAvg(any ? k.sum / k.validCount : null);
        a.setMin(any ? k.min : null);
        a.setMax(any ? k.max : null);
        a.setCoverageMin(coverage);
        a.setValid(coverage >= minCoverage);
        a.setSource(source.name());
        a.setRevision(bucket.revision);
        a.setReadings(bucket.readings);
        return a;
    }

    private static Double validAvg(List<Aggregate> rows, String code) {
        for (Aggregate r : rows) {
            if (r.getPollutant().equals(code)) {
                return r.getValid() ? r.getAvg() : null;
            }
        }
        return null;
    }

    private static Double times(Double v, double f) {
        return v == null ? null : v * f;
    }
}
