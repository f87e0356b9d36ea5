package org.cemsflow.correlation;

import java.util.Arrays;

/**
 * SUDDEN_CHANGE's history of one device (Flink POJO state): the {@link RecentValues} of each of
 * its codes and record kinds, in one state value, so an upload costs one state access instead of
 * one per reading. A device sends some ten codes: a look-up is a scan of their keys (the shared
 * {@code code|kind} strings, by identity before equality: {@link Alerts#indexOfKey}).
 */
public class RecentValuesByCode {
    public String[] keys = new String[0];
    public RecentValues[] values = new RecentValues[0];

    public RecentValuesByCode() {}

    /** The history of {@code key}, empty when new. */
    RecentValues of(String key) {
        int i = Alerts.indexOfKey(keys, key);
        if (i >= 0) {
            return values[i];
        }
        RecentValues r = new RecentValues();
        put(key, r);
        return r;
    }

    void put(String key, RecentValues r) {
        keys = Arrays.copyOf(keys, keys.length + 1);
        values = Arrays.copyOf(values, values.length + 1);
        keys[keys.length - 1] = key;
        values[values.length - 1] = r;
    }
}
