package org.cemsflow.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Limit;
import org.cemsflow.reference.Permit;
import org.cemsflow.reference.ReferenceData;

/**
 * How run-local splits its units into passes, one pipeline run each, so that its memory is bounded
 * by the devices of a pass and not by those of the input. Every keyed computation of the pipeline
 * is per device, per unit or per alert of a unit, so a pass over some units gives what a single run
 * gives for them. Guarantees: every unit is in exactly one pass, with all its devices, limits and
 * permits; a pass holds at most {@code devicesPerPass} devices unless a single unit has more; the
 * plan depends only on the reference (units in the order of their ids), not on the input's order.
 * What no unit claims (a mark on an unknown device, a limit of an unknown point, a permit of a unit
 * without devices) goes to the first pass, so it is seen exactly once, as in a single run.
 */
final class LocalPasses {
    private final Map<String, Integer> passOfUnit = new HashMap<>();
    private final Map<String, Integer> passOfMn = new HashMap<>();
    private final Map<String, Integer> passOfPoint = new HashMap<>();
    private final int[] devices;

    /** Units in the order of their ids, filled into passes of at most {@code devicesPerPass} devices. */
    private LocalPasses(ReferenceData reference, int devicesPerPass) {
        Map<String, Integer> perUnit = new TreeMap<>();
        for (Device d : reference.devices().values()) {
            perUnit.merge(reference.unitOf(d.mn), 1, Integer::sum);
        }
        List<Integer> sizes = new ArrayList<>();
        int pass = 0;
        int filled = 0;
        for (Map.Entry<String, Integer> u : perUnit.entrySet()) {
            if (filled > 0 && filled + u.getValue() > devicesPerPass) {
                sizes.add(filled);
                pass++;
                filled = 0;
            }
            passOfUnit.put(u.getKey(), pass);
            filled += u.getValue();
        }
        sizes.add(filled);
        devices = sizes.stream().mapToInt(Integer::intValue).toArray();
        for (Device d : reference.devices().values()) {
            int p = ofUnit(reference.unitOf(d.mn));
            passOfMn.put(d.mn, p);
            if (d.pointId != null) {
                passOfPoint.putIfAbsent(d.pointId, p); // the first device of a point, as point()
            }
        }
    }

    static LocalPasses plan(ReferenceData reference, int devicesPerPass) {
        if (devicesPerPass < 1) {
            throw new IllegalArgumentException("devices per pass: " + devicesPerPass);
        }
        return new LocalPasses(reference, devicesPerPass);
    }

    int count() {
        return devices.length;
    }

    /** Devices of the pass. */
    int devices(int pass) {
        return devices[pass];
    }

    int ofUnit(String unit) {
        return pass(passOfUnit, unit);
    }

    int ofMn(String mn) {
        return pass(passOfMn, mn);
    }

    int ofPoint(String pointId) {
        return pass(passOfPoint, pointId);
    }

    /** The pass of {@code key}; the first one when it is unknown, or when there is one pass. */
    private int pass(Map<String, Integer> passes, String key) {
        if (devices.length == 1 || key == null) {
            return 0;
        }
        Integer p = passes.get(key);
        return p == null ? 0 : p;
    }

    /** The part of {@code reference} the pass's units own (with what no unit claims in the first). */
    ReferenceData reference(ReferenceData reference, int pass) {
        if (count() == 1) {
            return reference;
        }
        Map<String, Device> devs = new LinkedHashMap<>();
        reference
                .devices()
                .forEach(
                        (mn, d) -> {
                            if (ofMn(mn) == pass) {
                                devs.put(mn, d);
                            }
                        });
        List<Limit> limits = new ArrayList<>();
        for (Limit l : reference.limits()) {
            if (ofPoint(l.pointId) == pass) {
                limits.add(l);
            }
        }
        List<Permit> permits = new ArrayList<>();
        for (Permit p : reference.permits()) {
            if (ofUnit(p.unitId) == pass) {
                permits.add(p);
            }
        }
        return new ReferenceData(devs, limits, permits);
    }
}
