package org.cemsflow.correlation;

import java.util.Arrays;

/**
 * CONSTANT_VALUE's runs of one device (Flink POJO state): the current {@link ConstantRun} of each
 * of its codes and record kinds, in one state value, so an upload costs one state access instead
 * of two per reading. A look-up is a scan of the device's some ten keys (the shared {@code
 * code|kind} strings, by identity before equality: {@link Alerts#indexOfKey}).
 */
public class ConstantRunsByCode {
    public String[] keys = new String[0];
    public ConstantRun[] runs = new ConstantRun[0];

    public ConstantRunsByCode() {}

    /** Makes {@code run} the current run of {@code key}. */
    void put(String key, ConstantRun run) {
        put(indexOf(key), key, run);
    }

    /**
     * Makes {@code run} the current run of {@code key}, whose place {@link #indexOf} gave (-1: a
     * new key): one scan of the keys for a reading that reads and replaces its run.
     */
    void put(int at, String key, ConstantRun run) {
        int i = at;
        if (i < 0) {
            i = keys.length;
            keys = Arrays.copyOf(keys, i + 1);
            runs = Arrays.copyOf(runs, i + 1);
            keys[i] = key;
        }
        runs[i] = run;
    }

    /** Where {@code key}'s run is in {@link #runs}, -1 when the code has none yet. */
    int indexOf(String key) {
        return Alerts.indexOfKey(keys, key);
    }
}
