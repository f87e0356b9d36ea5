package org.cemsflow.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cemsflow.avro.Aggregate;
import org.cemsflow.avro.AggregatePeriod;
import org.cemsflow.model.Codes;

/**
 * The daily mean rule over a local calendar day: the mean
 * of valid hourly means, flow-weighted by hourly volume for water concentration codes (plain where
 * no hour has a volume; pH never weighted); valid with at least the minimum of valid hours;
 * volume and mass are sums over the day's hours.
 */
public final class DailyMeanAggregate {
    private final int minValidHours;
    private final Set<String> massCodes;

    public DailyMeanAggregate(AggregationParams params) {
        this.minValidHours = params.minValidHours();
        this.massCodes = params.massCodes();
    }

    public List<Aggregate> rows(String mn, long dayStart, DayBucket bucket) {
        List<Aggregate> rows = new ArrayList<>(bucket.codes.size());
        int readings = readings(bucket);
        for (Map.Entry<String, List<HourEntry>> e : bucket.codes.entrySet()) {
            Aggregate row = row(mn, dayStart, bucket, e.getKey(), e.getValue());
            row.setReadings(readings);
            rows.add(row);
        }
        return rows;
    }

    /**
     * The day's readings: per hour the most any code's row counts (an hour's rows share one count
     * once they have all arrived), summed. While a corrected hour's rows arrive one by one the sum
     * never exceeds the day's final one, so an intermediate row never outranks the final row.
     */
    static int readings(DayBucket bucket) {
        Map<Long, Integer> perHour = new java.util.HashMap<>();
        for (List<HourEntry> hours : bucket.codes.values()) {
            for (HourEntry h : hours) {
                perHour.merge(h.periodStart, h.readings, Math::max);
            }
        }
        int sum = 0;
        for (int n : perHour.values()) {
            sum += n;
        }
        return sum;
    }

    private Aggregate row(
            String mn, long dayStart, DayBucket bucket, String code, List<HourEntry> hours) {
        boolean weighted =
                Codes.isWater(code) && massCodes.contains(code) && !code.equals(Codes.PH);
        int validHours = 0;
        double sum = 0, wsum = 0, wtotal = 0, zsSum = 0;
        int zsCount = 0;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        Double volume = null, mass = null;
        for (HourEntry h : hours) {
            volume = add(volume, h.volumeM3);
            mass = add(mass, h.emissionKg);
            if (!h.valid || h.avg == null) {
                continue;
            }
            validHours++;
            sum += h.avg;
            min = Math.min(min, h.avg);
            max = Math.max(max, h.avg);
            if (h.volumeM3 != null) {
                wsum += h.avg * h.volumeM3;
                wtotal += h.volumeM3;
            }
            if (h.zsAvg != null) {
                zsSum += h.zsAvg;
                zsCount++;
            }
        }
        Aggregate a = new Aggregate();
        a.setMn(mn);
        a.setPointId(bucket.pointId);
        a.setUnitId(bucket.unitId);
        a.setPollutant(code);
        a.setPeriod(AggregatePeriod.DAY);
        a.setPeriodStart(dayStart);
        if (validHours > 0) {
            a.setAvg(weighted && wtotal > 0 ? wsum / wtotal : sum / validHours);
            a.setMin(min);
            a.setMax(max);
        }
        a.setZsAvg(zsCount > 0 ? zsSum / zsCount : null);
        a.setCoverageMin(60 * validHours);
        a.setValid(validHours >= minValidHours);
        a.setVolumeM3(volume);
        a.setEmissionKg(mass);
        a.setRevision(bucket.revision);
        return a;
    }

    private static Double add(Double acc, Double v) {
        if (v == null) {
            return acc;
        }
        return acc == null ? v : Double.valueOf(acc + v);
    }
}
