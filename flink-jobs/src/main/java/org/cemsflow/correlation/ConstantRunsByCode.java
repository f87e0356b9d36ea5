package org.cemsflow.correlation;

import java.util.Arrays;

/**
 * CONSTANT_VALUE's runs of one device (Flink POJO state): the current {@link ConstantRun} of each
 * of its codes and record kinds, in one state value, so an upload costs one state access instead
 * of two per reading. A look-up is a scan of the device's some ten keys (the shared {@code
 * code|kind} strings, compared by identity first).
 */
public class ConstantRunsByCode {
    public String[] keys = new String[0];
    public ConstantRun[] runs = new ConstantRun[0];

    public ConstantRunsByCode() {}

    /** The current run of {@code key}; null when the code has none yet. */
    ConstantRun of(String key) {
        int i = indexOf(key);
        return i < 0 ? null : runs[i];
    }

    /** Makes {@code run} the current run of {@code key}. */
    void put(String key, ConstantRun run) {
        int i = indexOf(key);
        if (i < 0) {
            i = keys.length;
            keys = Arrays.copyOf(keys, i + 1);
            runs = Arrays.copyOf(runs, i + 1);
            keys[i] = key;
        }
        runs[i] = run;
    }

    private int indexOf(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key || keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
