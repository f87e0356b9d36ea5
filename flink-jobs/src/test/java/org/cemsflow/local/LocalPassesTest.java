package org.cemsflow.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cemsflow.reference.Device;
import org.cemsflow.reference.Limit;
import org.cemsflow.reference.Permit;
import org.cemsflow.reference.ReferenceData;
import org.junit.jupiter.api.Test;

class LocalPassesTest {
    /** Units A (3 devices), B (1), C (2), a device without a unit, and what no unit claims. */
    static ReferenceData reference() {
        Map<String, Device> d = new LinkedHashMap<>();
        d.put("c1", Device.point("c1", "pc1", "C", null, "air", null, null, null));
        d.put("a1", Device.point("a1", "pa1", "A", null, "air", null, null, null));
        d.put("a2", Device.point("a2", "pa2", "A", null, "water", null, null, null));
        d.put("a3", Device.meter("a3", "A", "production", 100.0));
        d.put("b1", Device.point("b1", "pb1", "B", null, "air", null, null, null));
        d.put("c2", Device.point("c2", "pc2", "C", null, "air", null, null, null));
        d.put("lone", Device.point("lone", "plone", null, null, "air", null, null, null));
        List<Limit> limits =
                List.of(
                        new Limit("pa1", "a21026", 35, "hour", null),
                        new Limit("pc2", "a21026", 35, "hour", null),
                        new Limit("nowhere", "a21026", 35, "hour", null));
        List<Permit> permits =
                List.of(
                        new Permit("B", "a21026", 2016, 1000, null),
                        new Permit("C", "a21026", 2016, 1000, null),
                        new Permit("no-devices", "a21026", 2016, 1000, null));
        return new ReferenceData(d, limits, permits);
    }

    @Test
    void unitsInTheOrderOfTheirIdsFillPassesOfAtMostTheDevicesAsked() {
        LocalPasses p = LocalPasses.plan(reference(), 3);
        // A (3) | B (1) + C (2) | lone (1)
        assertEquals(3, p.count());
        assertEquals(List.of(3, 3, 1), List.of(p.devices(0), p.devices(1), p.devices(2)));
        assertEquals(0, p.ofMn("a2"));
        assertEquals(1, p.ofMn("b1"));
        assertEquals(1, p.ofMn("c1"));
        assertEquals(2, p.ofMn("lone"));
        assertEquals(1, p.ofPoint("pc2"));
        assertEquals(0, p.ofMn("unknown"), "what no unit claims goes to the first pass");
        assertEquals(0, p.ofPoint("nowhere"));
    }

    @Test
    void aUnitLargerThanAPassHasOneOfItsOwn() {
        LocalPasses p = LocalPasses.plan(reference(), 2);
        // A (3) | B (1) | C (2) | lone (1)
        assertEquals(4, p.count());
        assertEquals(3, p.devices(0));
        assertEquals(2, p.ofMn("c2"));
    }

    @Test
    void everyDeviceLimitAndPermitIsInExactlyOnePass() {
        ReferenceData ref = reference();
        LocalPasses p = LocalPasses.plan(ref, 3);
        List<String> devices = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        List<String> permits = new ArrayList<>();
        for (int i = 0; i < p.count(); i++) {
            ReferenceData part = p.reference(ref, i);
            assertEquals(p.devices(i), part.devices().size());
            for (Device d : part.devices().values()) {
                devices.add(d.mn);
                assertEquals(i, p.ofMn(d.mn));
            }
            part.limits().forEach(l -> limits.add(l.pointId));
            part.permits().forEach(x -> permits.add(x.unitId));
        }
        assertEquals(List.of("a1", "a2", "a3", "c1", "b1", "c2", "lone"), devices);
        assertEquals(List.of("pa1", "nowhere", "pc2"), limits);
        assertEquals(List.of("no-devices", "B", "C"), permits);
        assertSame(ref, LocalPasses.plan(ref, 100).reference(ref, 0), "one pass: all of it");
    }

    @Test
    void aPassHoldsAtLeastOneDevice() {
        assertThrows(IllegalArgumentException.class, () -> LocalPasses.plan(reference(), 0));
    }
}
