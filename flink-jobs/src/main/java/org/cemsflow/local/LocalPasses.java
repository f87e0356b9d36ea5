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
    private final Map<String, Integer> passOfUnit;
    private final Map<String, String> unitOfMn;
    private final Map<String, String> unitOfPoint;
    private final int[] devices;

    private LocalPasses(
            Map<String, Integer> passOfUnit,
            Map<String, String> unitOfMn,
            Map<String, String> unitOfPoint,
            int[] devices) {
        this.passOfUnit = passOfUnit;
        this.unitOfMn = unitOfMn;
        this.unitOfPoint = unitOfPoint;
        this.devices = devices;
    }

    /** Units in the order of their ids, filled into passes of at most {@code devicesPerPass} devices. */
    static LocalPasses plan(ReferenceData reference, int devicesPerPass) {
        if (devicesPerPass < 1) {
            throw new IllegalArgumentException("devices per pass: " + devicesPerPass);
        }
        Map<String, Integer> perUnit = new TreeMap<>();
        Map<String, String> unitOfMn = new HashMap<>();
        Map<String, String> unitOfPoint = new HashMap<>();
        for (Device d : reference.devices().values()) {
            String unit = unitOf(d);
            perUnit.merge(unit, 1, Integer::sum);
            unitOfMn.put(d.mn, unit);
            if (d.pointId != null) {
                unitOfPoint.putIfAbsent(d.pointId, unit);
            }
        }
        Map<String, Integer> passOfUnit = new HashMap<>();
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
        return new LocalPasses(
                passOfUnit,
                unitOfMn,
                unitOfPoint,
                sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A device without a unit is a unit of its own (as the pipeline keys it then). */
    private static String unitOf(Device d) {
        return d.unitId != null ? d.unitId : d.mn;
    }

    int count() {
        return devices.length;
    }

    /** Devices of the pass. */
    int devices(int pass) {
        return devices[pass];
    }

    int ofUnit(String unit) {
        Integer p = unit == null ? null : passOfUnit.get(unit);
        return p == null ? 0 : p;
    }

    int ofMn(String mn) {
        return ofUnit(mn == null ? null : unitOfMn.get(mn));
    }

    int ofPoint(String pointId) {
        return ofUnit(pointId == null ? null : unitOfPoint.get(pointId));
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
                            if (ofUnit(unitOf(d)) == pass) {
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
